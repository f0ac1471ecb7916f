using Archive.Core.Ingestion;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

/// <summary>A hit that matched only in its metadata title (which its text need not hold) still says why it matched.</summary>
public sealed class TitleWhyTests : IDisposable
{
    private readonly ScratchArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Search_HitMatchingOnlyItsMetadataTitle_SaysSoInWhy()
    {
        _archive.WriteInput("memo.txt.meta.json", """{ "title": "Deutsches Memorandum" }""");
        var outcome = Assert.Single(_archive.Ingest(_archive.WriteInput("memo.txt", "A memo\nNothing in the body names the language.\n")));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);

        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("deutsches")).Hits);

        Assert.Equal(outcome.CaptureId, hit.Id);
        Assert.Empty(hit.Passages);
        Assert.Equal(["term: deutsches (title)"], hit.Why);
    }

    [Fact]
    public void Search_ClauseOnTheTitle_MarksNothingInTheTextAndIsExplainedByTheTitle()
    {
        _archive.WriteInput("memo.txt.meta.json", """{ "title": "Weekly review" }""");
        Assert.Single(_archive.Ingest(_archive.WriteInput("memo.txt", "Cocoa report\nCocoa prices rose, the board said in its weekly review.\n")));

        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("title:review AND cocoa")).Hits);

        var marked = hit.Passages.SelectMany(p => p.Matches).Select(m => m.Text.ToLowerInvariant()).Distinct().ToList();
        Assert.Equal(["cocoa"], marked);
        Assert.Contains("term: review (title)", hit.Why);
        Assert.Contains("term: cocoa", hit.Why);
    }

    [Fact]
    public void Search_HitMatchingItsText_DoesNotAddTheTitle()
    {
        _archive.WriteInput("memo.txt.meta.json", """{ "title": "Convoy Memorandum" }""");
        Assert.Single(_archive.Ingest(_archive.WriteInput("memo.txt", "A memo\nThe convoy left at dawn.\n")));

        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("convoy")).Hits);

        Assert.DoesNotContain(hit.Why, w => w.EndsWith("(title)", StringComparison.Ordinal));
        Assert.NotEmpty(hit.Passages);
    }

    [Fact]
    public void Search_AliasFileWithASkippedLine_SaysWhichLineAndWhy()
    {
        File.WriteAllText(_archive.Layout.AliasesPath, "convoy | column\nbroken || line\n");
        Assert.Single(_archive.Ingest(_archive.WriteInput("memo.txt", "A memo\nThe column left at dawn.\n")));

        var response = _archive.Services.Searcher.Search(new SearchRequest("convoy"));
        var plain = _archive.Services.Searcher.Search(new SearchRequest("convoy", UseAliases: false));

        Assert.Single(response.Hits);
        Assert.Contains(response.Notes, n => n.StartsWith("aliases.txt: 1 line(s) skipped (line 2: an empty entry", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.Notes, n => n.StartsWith("aliases.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_AliasFileLineWithTwoProblems_IsCountedOnce()
    {
        File.WriteAllText(_archive.Layout.AliasesPath, "convoy | column\ncolumn | | troop\n");
        Assert.Single(_archive.Ingest(_archive.WriteInput("memo.txt", "A memo\nThe column left at dawn.\n")));

        var response = _archive.Services.Searcher.Search(new SearchRequest("convoy"));

        var note = Assert.Single(response.Notes, n => n.StartsWith("aliases.txt", StringComparison.Ordinal));
        Assert.StartsWith("aliases.txt: 1 line(s) skipped (line 2: ", note, StringComparison.Ordinal);
        Assert.Contains("; line 2: ", note, StringComparison.Ordinal);
    }
}
