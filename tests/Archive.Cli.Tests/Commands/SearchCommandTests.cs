using Archive.Core.Search;

namespace Archive.Cli.Tests.Commands;

public sealed class SearchCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public SearchCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Search_LimitAndPassagesAtTheSearchLimits_AreServed()
    {
        var limits = SearchLimits.Default;

        var response = _archive.RunJson("search", "hasakah", "--limit", limits.MaxHits.ToString(System.Globalization.CultureInfo.InvariantCulture), "--passages", limits.MaxPassagesPerHit.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(limits.MaxHits, response["limit"]!.GetValue<int>());
        Assert.True(response["total"]!.GetValue<int>() > 0, response.ToJsonString());
        Assert.All(response["hits"]!.AsArray(), hit => Assert.InRange(hit!["passages"]!.AsArray().Count, 1, limits.MaxPassagesPerHit));
    }

    /// <summary>
    /// In a process without ICU (.NET's globalization-invariant mode, the default of its Alpine images) search and the
    /// index check run: the Turkish chain once asked for the tr-TR culture as its class started, so every search failed
    /// and verify called the index damaged.
    /// </summary>
    [Fact]
    public void SearchAndVerify_WithoutIcu_Run()
    {
        CliResult Invariant(params string[] args) =>
            TempArchive.Finish(TempArchive.StartProcess("env", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", .. TempArchive.CliCommand, .. args, "--archive", _archive.Root]));

        var search = Invariant("search", "hasakah", "--json");
        var verify = Invariant("verify", "--json", "--no-record");

        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.True(System.Text.Json.Nodes.JsonNode.Parse(search.Out)!["total"]!.GetValue<int>() > 0, search.Out);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Search_Help_SaysCapturedIsTheCapturedAtFieldNotTheIngestTime()
    {
        var result = _archive.Run("search", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("captured:[2026 TO *]      the day in captured_at, when the bytes were obtained", result.Out, StringComparison.Ordinal);
        Assert.Contains("not when they were ingested", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search", "hasakah", "--limit", "abc")]
    [InlineData("search", "hasakah", "--offset", "x")]
    [InlineData("search", "hasakah", "--limit", "99999999999")]
    [InlineData("related", "8970b555c56b", "--limit", "x")]
    [InlineData("list", "--limit", "many")]
    public void Run_OptionValueNotANumber_ExitsUsageNamingItWithoutAStackTrace(params string[] args)
    {
        var result = _archive.Run(args);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"Cannot parse argument '{args[^1]}' for option '{args[^2]}'", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_SyntaxErrorInAQueryWithAnEscapeSequence_EchoesNoControlCharacter()
    {
        var result = _archive.Run("search", "prison\u001b[31mred (");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.DoesNotContain('\u001b', result.Err);
        Assert.Contains("  prison?[31mred (\n", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_SyntaxErrorAtTheEndOfALongQuery_EchoesOnlyTheQueryAroundIt()
    {
        var query = string.Concat(Enumerable.Repeat("prison ", 500)) + "(";

        var result = _archive.Run("search", query);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.InRange(result.Err.Length, 1, 400);
        var lines = result.ErrLines.ToList();
        Assert.StartsWith("archive: query:3502: the query ends after '('", lines[0], StringComparison.Ordinal);
        Assert.Equal(lines[1].IndexOf('(', StringComparison.Ordinal) + 1, lines[2].IndexOf('^', StringComparison.Ordinal));
    }

    [Fact]
    public void Related_WithoutLimit_ListsUpToTheDefaultTen()
    {
        var id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();

        var related = _archive.RunJson("related", id);

        Assert.True(related["hits"]!.AsArray().Count <= 10, related.ToJsonString());
    }

    [Fact]
    public void Search_QueryStartingWithAt_IsSearchedNotReadAsAResponseFile()
    {
        var file = _archive.WriteInput("SDF", "hasakah\n");

        var result = _archive.RunJson("search", "@" + file);

        Assert.Equal("@" + file, result["query"]!.GetValue<string>());
    }

    [Fact]
    public void Text_PassageIntoAPipe_IsExactlyItsCodePoints()
    {
        var hit = _archive.RunJson("search", "hasakah", "--limit", "1")["hits"]![0]!;
        var passage = hit["passages"]![0]!;
        var (start, end) = (passage["start"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), passage["end"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var printed = TempArchive.Finish(_archive.Start("text", hit["id"]!.GetValue<string>(), "--from", start, "--to", end));

        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal(passage["text"]!.GetValue<string>(), printed.Out);
    }

    [Theory]
    [InlineData("--limit", "1001", "--limit must be 0-1000")]
    [InlineData("--limit", "-1", "--limit must be 0-1000")]
    [InlineData("--offset", "-5", "--offset must be 0-1000000")]
    [InlineData("--passages", "21", "--passages must be 0-20")]
    public void Search_PagingOutOfRange_ExitsUsageNamingTheRange(string option, string value, string message)
    {
        var result = _archive.Run("search", "hasakah", option, value);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_Csv_PrintsHeaderAndEveryHitOfTheSearchInOrder()
    {
        var json = _archive.RunJson("search", "hasakah", "--limit", "1000", "--passages", "1");

        var result = _archive.Run("search", "hasakah", "--csv");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Err);
        var lines = result.Out.Split("\r\n");
        Assert.Equal("id,title,publisher,published,captured,score,best_passage,citation", lines[0]);
        Assert.Equal(json["total"]!.GetValue<int>() + 2, lines.Length);
        Assert.Equal(string.Empty, lines[^1]);
        var ids = json["hits"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()).ToList();
        Assert.True(ids.Count > 1, result.ToString());
        Assert.Equal(ids, lines[1..^1].Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Search_CsvArabicQueryInARealProcess_PrintsArabicTitleAndPassageAsUtf8()
    {
        const string Title = "هروب من سجن الحسكة";
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("ar.txt", Title + "\n\nفر عشرات المعتقلين من سجن غويران في الحسكة ليلة الخميس.\n")).ExitCode);

        // A new archive ships with the name-variant sets, where غويران also stands for Ghweiran and al-Sina: ask for the word alone.
        var result = TempArchive.Finish(_archive.Start("search", "غويران", "--no-aliases", "--csv"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = result.Out.Split("\r\n")[1].Split(',');
        Assert.Equal(Title, row[1]);
        Assert.Contains("سجن غويران", row[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Search_CsvSyntaxError_ExitsWithUsageAndPointsAtTheColumn()
    {
        var result = _archive.Run("search", "hasakah AND (prison", "--csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.StartsWith("archive: query:", result.ErrLines[0], StringComparison.Ordinal);
        Assert.EndsWith("^", result.ErrLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Search_CsvAndJson_RefusedAsBadArguments()
    {
        var result = _archive.Run("search", "hasakah", "--csv", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --csv or --json, not both", result.Err, StringComparison.Ordinal);
    }
}
