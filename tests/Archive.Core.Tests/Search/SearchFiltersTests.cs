using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Search;

/// <summary>Filters on <see cref="SearchRequest"/> are applied by Core as conditions, never written into the query.</summary>
public sealed class SearchFiltersTests : IDisposable
{
    /// <summary>Quotes, a colon and parentheses: as query text this would need escaping to mean itself.</summary>
    private const string OddPublisher = "Al \"Monitor\": (Beirut)";

    private readonly SearchTestArchive _archive = new();
    private readonly CaptureId _odd;
    private readonly CaptureId _plain;

    public SearchFiltersTests()
    {
        var incoming = Path.Combine(_archive.Root, "incoming-filters");
        Directory.CreateDirectory(incoming);
        _odd = Ingest(incoming, "odd.txt", "Monitor dispatch\nA ledger of Beirut shipments.\n", OddPublisher);
        _plain = Ingest(incoming, "plain.txt", "Monitor digest\nA ledger of Beirut flights.\n", "Al Monitor Beirut");
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Search_PublisherFullOfQuerySyntax_MatchesThatPublisherOnly()
    {
        var alone = Search(string.Empty, new SearchFilters { Publishers = [OddPublisher] });
        var withQuery = Search("ledger", new SearchFilters { Publishers = [OddPublisher] });

        Assert.Equal([_odd], alone.Hits.Select(h => h.Id));
        Assert.Equal([_odd], withQuery.Hits.Select(h => h.Id));
        // Shown as the clause a researcher would type, though it was applied as a condition.
        Assert.Equal("(ledger) AND publisher:" + QueryText.QuotePhrase(OddPublisher), withQuery.Query);
        Assert.Equal("ledger AND publisher:" + QueryText.QuotePhrase(OddPublisher), withQuery.Parsed);
        Assert.Equal("publisher:" + QueryText.QuotePhrase(OddPublisher), alone.Parsed);
    }

    [Fact]
    public void Search_PublisherFilter_MatchesTheWholeValueIgnoringCase()
    {
        var whole = Search("ledger", new SearchFilters { Publishers = ["al \"MONITOR\": (beirut)"] }).Hits.Select(h => h.Id);
        var part = Search("ledger", new SearchFilters { Publishers = ["monitor\": (beirut"] }).Hits;

        // A facet value picks exactly that publisher: "Monitor" alone is a different publisher.
        Assert.Equal([_odd], whole);
        Assert.Empty(part);
    }

    [Fact]
    public void Search_EachFilter_IsAndedWithTheQuery()
    {
        // The ledger documents: 1 report en 2024-03-05 {ledger, audit}; 2 statement en 2025-07-01 {ledger};
        // 3 article en 2023 {ledger, leak}; 4 other en, no date, no tags.
        Assert.Equal(["ledger-1.txt"], Files("ledger", new SearchFilters { Types = ["REPORT"] }));
        Assert.Equal(["ledger-1.txt", "ledger-2.txt"], Files("ledger", new SearchFilters { Types = ["report", "statement"] }));
        Assert.Equal(["ledger-1.txt"], Files("ledger", new SearchFilters { Tags = ["ledger", "audit"] }));
        Assert.Equal(["ledger-1.txt", "ledger-3.txt"], Files("ledger", new SearchFilters { PublishedTo = Date("2024-06") }));
        Assert.Equal(["ledger-1.txt", "ledger-2.txt"], Files("ledger", new SearchFilters { PublishedFrom = Date("2024"), PublishedTo = Date("2025-07-01") }));
        Assert.Empty(Files("ledger", new SearchFilters { Languages = ["ar"] }));
    }

    [Fact]
    public void Search_Filters_FindWhatTheSameQueryClausesFind()
    {
        var filters = new SearchFilters { Publishers = ["Northern Ledger"], Languages = ["en"], PublishedFrom = Date("2023"), PublishedTo = Date("2024-12") };
        var structured = Search("ledger OR audit", filters);
        var written = Search("(ledger OR audit) AND publisher:\"Northern Ledger\" AND lang:en AND published:[2023 TO 2024-12]", SearchFilters.None);

        Assert.Equal(written.Total, structured.Total);
        Assert.Equal(written.Hits.Select(h => (h.Id, h.Score)), structured.Hits.Select(h => (h.Id, h.Score)));
        Assert.Equal(written.Facets.Publisher, structured.Facets.Publisher);
    }

    [Fact]
    public void Search_SeveralPublishersAndTheUnknownBucket_MatchAnyOfThemAndCountTheUnknown()
    {
        var incoming = Path.Combine(_archive.Root, "incoming-unknown");
        Directory.CreateDirectory(incoming);
        var hawar = Ingest(incoming, "hawar.txt", "Hawar note\nThe marzipan convoy crossed at dawn.\n", "Hawar News");
        var rudaw = Ingest(incoming, "rudaw.txt", "Rudaw note\nThe marzipan convoy was stopped.\n", "Rudaw");
        var bare = Ingest(incoming, "bare.txt", "Unsigned note\nA marzipan convoy, says nobody.\n", null);

        var all = Search("marzipan", SearchFilters.None);
        Assert.Equal(3, all.Total);
        Assert.Equal([("Hawar News", 1), ("Rudaw", 1)], all.Facets.Publisher.Select(f => (f.Value, f.Count)).Order());
        Assert.Equal(1, all.Facets.Unknown.Publisher);
        Assert.Equal(3, all.Facets.Unknown.Year); // none of the three has a published date

        Assert.Equal([hawar, rudaw], Ids("marzipan", new SearchFilters { Publishers = ["Hawar News", "rudaw"] }));
        Assert.Equal([bare], Ids("marzipan", new SearchFilters { Unknown = [FacetName.Publisher] }));
        Assert.Equal([rudaw, bare], Ids("marzipan", new SearchFilters { Publishers = ["Rudaw"], Unknown = [FacetName.Publisher] }));
        Assert.Equal([hawar, rudaw, bare], Ids("marzipan", new SearchFilters { PublishedFrom = Date("2020"), Unknown = [FacetName.Published] }));
        Assert.Empty(Ids("marzipan", new SearchFilters { PublishedFrom = Date("2020") }));

        List<CaptureId> Ids(string query, SearchFilters filters)
        {
            var order = new[] { hawar, rudaw, bare };
            return [.. Search(query, filters).Hits.Select(h => h.Id).OrderBy(id => Array.IndexOf(order, id))];
        }
    }

    [Fact]
    public void Search_NoQueryAndNoFilters_IsASyntaxErrorAsBefore()
    {
        var response = _archive.Searcher.Search(new SearchRequest(string.Empty, Filters: SearchFilters.None));

        Assert.NotNull(response.Error);
        Assert.NotEqual(0, response.Error.Column);
    }

    private SearchResponse Search(string query, SearchFilters filters)
    {
        var response = _archive.Searcher.Search(new SearchRequest(query, SearchLimits.DefaultMaxHits, Filters: filters));
        Assert.True(response.Error is null, $"{query}: {response.Error}");
        return response;
    }

    private List<string> Files(string query, SearchFilters filters) =>
        Search(query, filters).Hits.Select(h => _archive.FileOf(h.Id)).Order(StringComparer.Ordinal).ToList();

    private static PartialDate Date(string text) => PartialDate.TryParse(text, out var date, out _) ? date : throw new ArgumentException(text);

    private CaptureId Ingest(string folder, string name, string text, string? publisher)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        var named = publisher is null ? string.Empty : $"\"publisher\": {System.Text.Json.JsonSerializer.Serialize(publisher)}, ";
        File.WriteAllText(path + ".meta.json", $$"""{ {{named}}"language": "en" }""", new UTF8Encoding(false));
        var outcome = Assert.Single(_archive.Archive.Ingestor.Ingest(new IngestRequest([path], new Dictionary<string, FieldValue>(), "search-tests"), null, default));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        return outcome.CaptureId!.Value;
    }
}
