using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Catalog;

/// <summary>An amendment changes the capture row and the index rows that mirror it in one transaction.</summary>
public sealed class MetadataAmenderTests : IDisposable
{
    private readonly TempArchive _archive = new();

    [Fact]
    public void Amend_Title_SearchFindsNewTitleWordAndNotTheOld()
    {
        var id = Ingest("Quarterly ledger of detentions");

        _archive.Services.Amender.Amend(id, [new("title", "Zanzibar report")], "test-agent");

        var hit = Assert.Single(Search("title:zanzibar").Hits);
        Assert.Equal(id, hit.Id);
        Assert.Equal("Zanzibar report", hit.Title);
        Assert.Empty(Search("title:ledger").Hits);
        Assert.Equal(id, Assert.Single(Search("zanzibar").Hits).Id);
    }

    [Fact]
    public void Amend_Title_StemmedAndExactTitleFieldsBothFollow()
    {
        var id = Ingest("Old heading");

        _archive.Services.Amender.Amend(id, [new("title", "Prisoners escaping")], "test-agent");

        Assert.Equal(id, Assert.Single(Search("title:escape").Hits).Id);
        Assert.Equal(id, Assert.Single(Search("title:\"prisoners escaping\"").Hits).Id);
        Assert.Equal(id, Assert.Single(Search("title:prison*").Hits).Id);
    }

    [Fact]
    public void Amend_Publisher_TitleIndexUnchanged()
    {
        var id = Ingest("Harbour inspection notes");

        _archive.Services.Amender.Amend(id, [new("publisher", "Coastal Desk")], "test-agent");

        Assert.Equal(id, Assert.Single(Search("title:harbour").Hits).Id);
        Assert.Equal("Coastal Desk", Assert.Single(Search("publisher:coastal").Hits).Publisher);
    }

    [Theory]
    [InlineData("title", "")]
    [InlineData("title", "   ")]
    [InlineData("notes", "")]
    [InlineData("reliability", " ")]
    public void Amend_EmptyValue_IsRefusedAndNothingChanges(string field, string value)
    {
        var id = Ingest("Harbour inspection notes");
        var events = _archive.Services.LogService.Events().Count;

        var ex = Assert.Throws<ArchiveException>(() => _archive.Services.Amender.Amend(id, [new("publisher", "Coastal Desk"), new(field, value)], "test-agent"));

        Assert.Equal(ArchiveErrorKind.InvalidInput, ex.Kind);
        Assert.StartsWith($"{field}: an empty value", ex.Message, StringComparison.Ordinal);
        Assert.Equal(events, _archive.Services.LogService.Events().Count);
        Assert.Equal("Harbour inspection notes", Assert.Single(Search("harbour").Hits).Title);
        Assert.Null(Assert.Single(Search("harbour").Hits).Publisher);
    }

    [Fact]
    public void Amend_EmptyTags_EmptiesTheList()
    {
        var id = Ingest("Harbour inspection notes");
        _archive.Services.Amender.Amend(id, [new("tags", "port, audit")], "test-agent");

        Assert.Single(_archive.Services.Amender.Amend(id, [new("tags", "")], "test-agent"));

        Assert.Empty(Search("tag:port").Hits);
    }

    [Fact]
    public void Amend_SameValueAgain_WritesNoSecondEvent()
    {
        var id = Ingest("Harbour inspection notes");

        var first = _archive.Services.Amender.Amend(id, [new("publisher", "Coastal Desk"), new("tags", "port, audit")], "test-agent");
        var again = _archive.Services.Amender.Amend(id, [new("publisher", "Coastal Desk"), new("tags", "port,audit"), new("reliability", "B2")], "test-agent");

        Assert.Equal(2, first.Count);
        var only = Assert.Single(again);
        Assert.Contains("\"field\":\"reliability\"", only.Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Amend_UnknownCapture_ThrowsNotFound()
    {
        Ingest("Anything");

        var error = Assert.Throws<ArchiveException>(() =>
            _archive.Services.Amender.Amend(CaptureId.Parse(new string('0', 64)), [new("title", "x")], "test-agent"));

        Assert.Equal(ArchiveErrorKind.NotFound, error.Kind);
    }

    public void Dispose() => _archive.Dispose();

    private CaptureId Ingest(string title)
    {
        var path = _archive.WriteInput(Guid.NewGuid().ToString("N") + ".txt", "Body text about a quiet harbour and nothing else.\n");
        File.WriteAllText(path + ".meta.json", $$"""{"title": "{{title}}"}""");
        var outcome = Assert.Single(_archive.Ingest(path));
        return outcome.CaptureId!.Value;
    }

    private SearchResponse Search(string query) => _archive.Services.Searcher.Search(new SearchRequest(query, 10, UseAliases: false));
}
