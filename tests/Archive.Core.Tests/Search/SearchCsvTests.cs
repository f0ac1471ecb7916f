using Archive.Core.Search.Engine;
using System.Text;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Search;

public sealed class SearchCsvTests : IDisposable
{
    private readonly SearchTestArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Field_CommaQuoteAndNewline_QuotedWithQuotesDoubled()
    {
        Assert.Equal("\"Siege, \"\"day\"\" 3\nof 4\"", SearchCsv.Field("Siege, \"day\" 3\nof 4"));
        Assert.Equal("\"a\rb\"", SearchCsv.Field("a\rb"));
        Assert.Equal("plain text; no quoting", SearchCsv.Field("plain text; no quoting"));
        Assert.Equal(string.Empty, SearchCsv.Field(string.Empty));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    public void Field_FormulaStart_GetsLeadingApostrophe(string value, string expected)
    {
        Assert.Equal(expected, SearchCsv.Field(value));
    }

    [Fact]
    public void Export_Search_HeaderThenOneRowPerHitWithFirstPassageAndCitation()
    {
        var response = _archive.Search("hasakah", passages: 1);

        var export = SearchCsv.Export(_archive.Searcher, new SearchRequest("hasakah", Limit: 2, Offset: 5, PassagesPerHit: 7));

        Assert.Null(export.Error);
        Assert.Equal(response.Total, export.Total);
        Assert.Equal(response.Total, export.Exported);
        Assert.False(export.Capped);
        var rows = Parse(export.Text);
        Assert.Equal(SearchCsv.Columns, rows[0]);
        Assert.Equal(response.Hits.Select(h => SearchCsv.Row(h).ToList()), rows.Skip(1));
        var first = response.Hits[0];
        Assert.Equal([first.Passages[0].Text, first.Passages[0].Citation], rows[1].Skip(6));
        Assert.EndsWith("\r\n", export.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_MoreHitsThanMaxHits_StopsAtTheCapAcrossPagesAndReportsIt()
    {
        var all = _archive.Search("quokka", passages: 1).Hits;
        var core = _archive.Archive;
        var searcher = new Searcher(new LuceneBackend(core.Index, SearchLimits.Default.MaxExpansions), core.Index.Analyzer, core.Database, core.Store, core.Clock, core.Layout.AliasesPath, SearchLimits.Default with { MaxHits = 5, MaxPageSize = 2 });

        var export = SearchCsv.Export(searcher, new SearchRequest("quokka"));

        Assert.Equal(6, all.Count);
        Assert.Equal((6, 5, 5, true), (export.Total, export.Exported, export.MaxHits, export.Capped));
        Assert.Equal(all.Take(5).Select(h => h.Id.Value), Parse(export.Text).Skip(1).Select(r => r[0]));
    }

    [Fact]
    public void Export_ArabicQuery_KeepsArabicTitlesAndPassages()
    {
        var export = SearchCsv.Export(_archive.Searcher, new SearchRequest("الحسكه"));

        Assert.Null(export.Error);
        var row = Parse(export.Text).Skip(1).Single(r => r[0] == _archive.IdOf("ar-hasakah.txt").Value);
        Assert.Equal("تقرير ميداني", row[1]);
        Assert.Equal(_archive.TextOf(CaptureId.Parse(row[0])).Split('\n')[0], row[1]);
        Assert.Contains("الحسكه", row[6], StringComparison.Ordinal);
        Assert.Equal(export.Text, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(export.Text)));
    }

    [Fact]
    public void Export_SyntaxError_ReturnsTheErrorAndNoRows()
    {
        var export = SearchCsv.Export(_archive.Searcher, new SearchRequest("hasakah AND (prison"));

        Assert.NotNull(export.Error);
        Assert.True(export.Error.Column > 0);
        Assert.Equal(string.Empty, export.Text);
        Assert.Equal(0, export.Exported);
    }

    /// <summary>An RFC 4180 reader, written apart from the writer: quoted fields, doubled quotes, CRLF row ends.</summary>
    internal static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"unquoted U+{(int)c:X4} at {i}: not RFC 4180");
                field.Append(c);
            }
        }

        Assert.True(row.Count == 0 && field.Length == 0 && !quoted, "the CSV must end with CRLF");
        return rows;
    }
}
