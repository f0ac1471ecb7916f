using System.Text;
using Archive.Core.Search;
using Archive.Core.Text;

namespace Archive.Core.Tests.Search;

/// <summary>
/// A fuzzy or wildcard term over a large text expands to many terms whose places the index gives all over the text:
/// only windows around the places that still add a reason or a passage are analyzed, and what they give is right.
/// </summary>
public sealed class SearcherLargeTextExpansionTests : IDisposable
{
    private static readonly string Large = LargeText();
    private readonly SearchTestArchive _archive = new([("expansions.txt", Large)]);

    public void Dispose() => _archive.Dispose();

    /// <summary>About 3 MB of lines, each naming one of 26 close variants (quokkaa … quokkaz), so each occurs everywhere.</summary>
    private static string LargeText()
    {
        var text = new StringBuilder("Variants report 🎉\n\n");
        for (var i = 0; text.Length < 3 * PassageBuilder.LargeText; i++)
        {
            text.Append("Line ").Append(i).Append(" names quokka").Append((char)('a' + (i * 7 % 26))).Append(" beside other words.\n");
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("quokkaa~1", "fuzzy: quokkaa~1 → quokka")]
    [InlineData("quokka?", "wildcard: quokka? → quokka")]
    public void Search_TermExpandingAllOverALargeText_ExplainsAndQuotesFromTheRightPlaces(string query, string reason)
    {
        var hit = Assert.Single(_archive.Search(query).Hits, h => h.Slug.StartsWith("variants", StringComparison.Ordinal));

        Assert.Equal(12, hit.Why.Count); // as many reasons as a hit shows, each a variant
        Assert.All(hit.Why, w => Assert.StartsWith(reason, w, StringComparison.Ordinal));
        Assert.Equal(3, hit.Passages.Count);
        foreach (var passage in hit.Passages)
        {
            Assert.Equal(passage.Text, Large[CodePoints.ToUtf16Index(Large, passage.Start)..CodePoints.ToUtf16Index(Large, passage.End)]);
            Assert.Contains("quokka", passage.Text, StringComparison.Ordinal);
        }
    }
}
