using Archive.Core.Search.Engine;
using Archive.Core.Storage;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Cli;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Web.Tests.Endpoints;

public sealed class SearchEndpointsTests : IClassFixture<SearchArchive>, IDisposable
{
    private readonly SearchArchive _search;
    private readonly ArchiveWebFactory _factory;

    public SearchEndpointsTests(SearchArchive search)
    {
        _search = search;
        _factory = new ArchiveWebFactory(search.Archive);
    }

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string, string[]> SameAsCli => new()
    {
        { "q=hasakah", ["hasakah"] },
        { "q=%22Syrian+forces%22&passages=1", ["\"Syrian forces\"", "--passages", "1"] },
        { "q=detain*+OR+hasaka~&limit=2&offset=1&sort=published", ["detain* OR hasaka~", "--limit", "2", "--offset", "1", "--sort", "published"] },
        { "q=hasakah&aliases=false&passages=0", ["hasakah", "--no-aliases", "--passages", "0"] },
        { "q=hasakah+prison&mode=hybrid", ["hasakah prison", "--mode", "hybrid"] },
        { "q=%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D8%A9", ["الحسكة"] },
        { "q=hasakah&lang=en&from=2024&to=2025-06", ["(hasakah) AND lang:\"en\" AND published:[2024 TO 2025-06]"] },
        { "publisher=" + Uri.EscapeDataString(SearchArchive.OddPublisher) + "&tag=beta+gamma", ["publisher:" + QueryText.QuotePhrase(SearchArchive.OddPublisher) + " AND tag:\"beta gamma\""] },
    };

    [Theory]
    [MemberData(nameof(SameAsCli))]
    public async Task Search_SameRequestAsCli_ReturnsSameJson(string query, string[] cliArgs)
    {
        var web = JsonNode.Parse(await _factory.ClientFor("reader").GetStringAsync("/api/search?" + query))!.AsObject();
        var (code, output, error) = RunCli(["--archive", _search.Archive.Root, "search", .. cliArgs, "--json"]);
        Assert.True(code == 0, error);
        var cli = JsonNode.Parse(output)!.AsObject();
        Assert.True(web["total"]!.GetValue<int>() > 0, $"the case should find something: {web.ToJsonString()}");
        web.Remove("took_ms");
        cli.Remove("took_ms");
        Assert.True(JsonNode.DeepEquals(cli, web), $"CLI:\n{cli.ToJsonString()}\nweb:\n{web.ToJsonString()}");
    }

    [Fact]
    public async Task List_SamePageAsCli_ReturnsSameJson()
    {
        var web = JsonNode.Parse(await _factory.ClientFor("reader").GetStringAsync("/api/documents?limit=3&offset=1"))!;
        var (code, output, error) = RunCli(["--archive", _search.Archive.Root, "list", "--limit", "3", "--offset", "1", "--json"]);
        Assert.True(code == 0, error);
        var cli = JsonNode.Parse(output)!;

        Assert.Equal(3, web["items"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(cli, web), $"CLI:\n{cli.ToJsonString()}\nweb:\n{web.ToJsonString()}");
    }

    [Fact]
    public async Task Search_PagingLimits_AreTheSearchersSearchLimits()
    {
        var limits = SearchLimits.Default;
        Assert.Same(limits, _factory.Services.GetRequiredService<Searcher>().Limits);
        var expected = $"limit must be 0-{limits.MaxPageSize}, offset 0-{limits.MaxOffset} and passages 0-{limits.MaxPassagesPerHit}";

        foreach (var over in new[] { $"limit={limits.MaxPageSize + 1}", $"offset={limits.MaxOffset + 1}", $"passages={limits.MaxPassagesPerHit + 1}" })
        {
            var problem = await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/search?q=hasakah&" + over), HttpStatusCode.BadRequest);
            Assert.Equal(expected, problem.GetProperty("detail").GetString());
        }

        var atLimits = await SearchJson($"q=hasakah&limit={limits.MaxPageSize}&passages={limits.MaxPassagesPerHit}");
        Assert.Equal(limits.MaxPageSize, atLimits.GetProperty("limit").GetInt32());
        var tooLong = await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/search?q=" + new string('a', limits.MaxQueryLength + 1)), HttpStatusCode.BadRequest);
        Assert.Equal($"q is limited to {limits.MaxQueryLength} characters", tooLong.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Search_PublisherWithQuotesColonAndParentheses_MatchedExactlyAsAFilter()
    {
        var result = await SearchJson("q=prison&publisher=" + Uri.EscapeDataString(SearchArchive.OddPublisher.ToUpperInvariant()));
        var part = await SearchJson("q=prison&publisher=" + Uri.EscapeDataString("(\"Daily\") AND *News*"));

        Assert.Equal(_search.PrisonId.Value, result.GetProperty("hits").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Equal("prison AND publisher:" + QueryText.QuotePhrase(SearchArchive.OddPublisher.ToUpperInvariant()), result.GetProperty("parsed").GetString());
        Assert.Empty(part.GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public async Task Search_Hit_PassageOffsetsPointIntoTextAndMatchesIntoPassage()
    {
        var result = await SearchJson("q=%22Syrian+forces+entered%22");
        var hit = result.GetProperty("hits").EnumerateArray().Single();
        Assert.Equal(_search.Archive.ReportId.Value, hit.GetProperty("id").GetString());
        var text = _search.Archive.ReportText;
        foreach (var passage in hit.GetProperty("passages").EnumerateArray())
        {
            var (start, end) = (passage.GetProperty("start").GetInt32(), passage.GetProperty("end").GetInt32());
            Assert.Equal(Slice(text, start, end), passage.GetProperty("text").GetString());
            foreach (var match in passage.GetProperty("matches").EnumerateArray())
            {
                var (from, to) = (match.GetProperty("start").GetInt32(), match.GetProperty("end").GetInt32());
                Assert.InRange(from, start, to);
                Assert.InRange(to, from, end);
                Assert.Equal(Slice(text, from, to), match.GetProperty("text").GetString());
                Assert.Equal("phrase", match.GetProperty("reason").GetString());
            }
        }

        Assert.Contains("phrase: Syrian forces entered", hit.GetProperty("why").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task Search_ArabicQuery_FindsEnglishThroughAliasAndSaysWhy()
    {
        var result = await SearchJson("q=%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D8%A9&limit=10");
        var hits = result.GetProperty("hits").EnumerateArray().ToList();
        Assert.Contains(hits, h => h.GetProperty("id").GetString() == _search.ArabicId.Value);
        var english = hits.First(h => h.GetProperty("id").GetString() == _search.PrisonId.Value);
        Assert.Contains(english.GetProperty("why").EnumerateArray(), w => w.GetString()!.StartsWith("alias: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_Facets_CountWholeResultSet()
    {
        var result = await SearchJson("q=hasakah&limit=1");
        Assert.Equal(1, result.GetProperty("hits").GetArrayLength());
        var facets = result.GetProperty("facets");
        var languages = facets.GetProperty("language").EnumerateArray().ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());
        Assert.Equal(result.GetProperty("total").GetInt32(), languages.Values.Sum());
        Assert.Equal(1, languages["ar"]);
        Assert.Contains(facets.GetProperty("year").EnumerateArray(), f => f.GetProperty("value").GetString() == "2025");
    }

    [Theory]
    [InlineData("type=report", 1)]
    [InlineData("lang=ar", 1)]
    [InlineData("tag=alpha", 2)]
    [InlineData("tag=alpha&tag=beta+gamma", 1)]
    [InlineData("from=2024-11-20&to=2025", 2)]
    [InlineData("from=%D9%A2%D9%A0%D9%A2%D9%A4-%D9%A1%D9%A1-%D9%A2%D9%A0&to=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95", 2)] // ٢٠٢٤-١١-٢٠, ２０２５
    [InlineData("from=2025-03-02", 0)]
    [InlineData("to=2023", 1)]
    [InlineData("publisher=reuters", 1)]
    [InlineData("q=hasakah&type=statement", 1)]
    [InlineData("q=water+OR+detainees&lang=ar", 0)]
    [InlineData("q=water+OR+detainees&type=report", 1)]
    [InlineData("publisher=reuters&publisher=enab+baladi", 2)]
    [InlineData("q=hasakah&unknown=publisher", 1)]
    [InlineData("q=hasakah&publisher=reuters&unknown=publisher", 2)]
    [InlineData("q=hasakah&to=2023&unknown=published", 2)]
    public async Task Search_Filters_AreAndedWithQuery(string query, int total)
    {
        var result = await SearchJson(query);
        Assert.Equal(total, result.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_Facets_CountTheHitsWithNoValueInTheirUnknownBucket()
    {
        // hasakah (with its aliases) finds the three sample sources, which have every field, and the report, which has no
        // publisher, type or published date.
        var unknown = (await SearchJson("q=hasakah")).GetProperty("facets").GetProperty("unknown");
        Assert.Equal(1, unknown.GetProperty("publisher").GetInt32());
        Assert.Equal(1, unknown.GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task Search_FilterFullOfSyntax_IsMatchedLiterally()
    {
        var result = await SearchJson("publisher=" + Uri.EscapeDataString(SearchArchive.OddPublisher));
        Assert.Equal(_search.PrisonId.Value, result.GetProperty("hits").EnumerateArray().Single().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Search_Paging_KeepsTotalAndSkipsHits()
    {
        var all = await SearchJson("q=hasakah&limit=10");
        var second = await SearchJson("q=hasakah&limit=1&offset=1");
        Assert.Equal(all.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());
        Assert.Equal(all.GetProperty("hits")[1].GetProperty("id").GetString(), second.GetProperty("hits")[0].GetProperty("id").GetString());
        var beyond = await SearchJson("q=hasakah&offset=500");
        Assert.Equal(0, beyond.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task Search_SyntaxError_Returns400WithCliColumnMessageAndExpected()
    {
        const string query = "😀 hasakah AND (prison OR";
        var response = await _factory.ClientFor("reader").GetAsync("/api/search?q=" + Uri.EscapeDataString(query));
        var problem = await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        var (code, output, _) = RunCli(["--archive", _search.Archive.Root, "search", query, "--json"]);
        Assert.NotEqual(0, code);
        var cli = JsonDocument.Parse(output).RootElement.GetProperty("error");
        Assert.Equal("Query syntax error", problem.GetProperty("title").GetString());
        Assert.Equal(cli.GetProperty("column").GetInt32(), problem.GetProperty("column").GetInt32());
        Assert.Equal(cli.GetProperty("message").GetString(), problem.GetProperty("message").GetString());
        Assert.Equal(cli.GetProperty("expected").GetString(), problem.GetProperty("expected").GetString());
        // At the dangling OR, counted in code points: the emoji is one column, though it is two UTF-16 units.
        Assert.Equal(query[..query.LastIndexOf("OR", StringComparison.Ordinal)].EnumerateRunes().Count() + 1, problem.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Search_SyntaxErrorWithFilters_PointsIntoTypedQuery()
    {
        var response = await _factory.ClientFor("reader").GetAsync("/api/search?q=a+)&lang=en&publisher=x");
        var problem = await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=")]
    [InlineData("q=+++")]
    [InlineData("q=x&limit=101")]
    [InlineData("q=x&limit=-1")]
    [InlineData("q=x&limit=abc")]
    [InlineData("q=x&offset=-1")]
    [InlineData("q=x&passages=21")]
    [InlineData("q=x&sort=date")]
    [InlineData("q=x&aliases=maybe")]
    [InlineData("q=x&language=en")]
    [InlineData("q=x&q=y")]
    [InlineData("q=x&from=2025-13")]
    [InlineData("q=x&to=yesterday")]
    [InlineData("q=x&from=2025-01-01T00:00")]
    [InlineData("q=x&type=a%00b")]
    [InlineData("q=x&mode=meaning")]
    [InlineData("q=x&mode=HYBRID")]
    [InlineData("q=x&unknown=bogus")]
    [InlineData("q=x&unknown=language")]
    public async Task Search_BadParameters_Returns400Problem(string query)
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/search?" + query), HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Each parameter by its own name, with a value only its own check refuses, on both endpoints that bind them: a
    /// parameter the binding dropped would pass unchecked (200), and <c>aliases</c> fails in binding itself.
    /// </summary>
    [Theory]
    [InlineData("q=hasakah+AND+(", "Query syntax error", "column ")]
    [InlineData("q=x&limit=101", "Bad paging", "limit must be")]
    [InlineData("q=x&offset=-1", "Bad paging", "limit must be")]
    [InlineData("q=x&sort=date", "Bad sort", "sort is")]
    [InlineData("q=x&aliases=maybe", null, null)]
    [InlineData("q=x&passages=21", "Bad paging", "limit must be")]
    [InlineData("q=x&publisher=a%00b", "Bad filter", "publisher must be")]
    [InlineData("q=x&type=a%00b", "Bad filter", "type must be")]
    [InlineData("q=x&lang=a%00b", "Bad filter", "lang must be")]
    [InlineData("q=x&tag=a%00b", "Bad filter", "tag must be")]
    [InlineData("q=x&from=yesterday", "Bad date", "from:")]
    [InlineData("q=x&to=yesterday", "Bad date", "to:")]
    [InlineData("q=x&mode=meaning", "Bad mode", "mode is")]
    [InlineData("q=x&unknown=bogus", "Bad filter", "unknown names")]
    public async Task Search_EachParameterWithAValueItsCheckRefuses_400OnBothEndpoints(string query, string? title, string? detail)
    {
        foreach (var path in new[] { "/api/search?", "/api/search.csv?" })
        {
            var problem = await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync(path + query), HttpStatusCode.BadRequest);
            if (title is not null)
            {
                Assert.Equal(title, problem.GetProperty("title").GetString());
                Assert.StartsWith(detail!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Search_QueryOver4KB_Returns400Problem()
    {
        var problem = await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/search?q=" + new string('a', 4097)), HttpStatusCode.BadRequest);
        Assert.Equal("Query too long", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _factory.ClientFor("reader").GetAsync("/api/search?q=" + new string('a', 4096))).StatusCode);
    }

    [Fact]
    public async Task Search_NoToken_Returns401AndPublicReadAllowsIt()
    {
        await Problems.AssertProblem(await _factory.ClientFor(null).GetAsync("/api/search?q=hasakah"), HttpStatusCode.Unauthorized);
        using var open = new ArchiveWebFactory(_search.Archive, ("public-read", "true"));
        Assert.Equal(HttpStatusCode.OK, (await open.ClientFor(null).GetAsync("/api/search?q=hasakah")).StatusCode);
    }

    [Fact]
    public async Task Search_OverTimeLimit_Returns503ProblemFromTheSearcher()
    {
        // 100,000 distinct words: loading the vocabulary for a fuzzy term, matching against it and cutting passages from
        // the word list take the real Searcher far longer than a 1 ms limit.
        using var archive = new TestArchive();
        var incoming = Path.Combine(archive.Root, "incoming-words");
        Directory.CreateDirectory(incoming);
        var words = string.Join(' ', Enumerable.Range(0, 100_000).Select(Word));
        File.WriteAllText(Path.Combine(incoming, "words.txt"), "Word list\n\n" + words + "\n", new UTF8Encoding(false));
        using (var services = ArchiveCore.Open(new ArchiveLayout(archive.Root), TimeProvider.System))
        {
            var outcome = Assert.Single(services.Ingestor.Ingest(new IngestRequest([incoming], new Dictionary<string, FieldValue>(), "test-setup"), null, default));
            Assert.Equal(IngestStatus.Ingested, outcome.Status);
        }

        using var factory = new ArchiveWebFactory(archive);
        using var limited = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(sp =>
            {
                var core = sp.GetRequiredService<ArchiveCore>();
                return new Searcher(new LuceneBackend(core.Index, SearchLimits.Default.MaxExpansions), core.Index.Analyzer, core.Database, core.Store, core.Clock, core.Layout.AliasesPath, SearchLimits.Default with { TimeLimit = TimeSpan.FromMilliseconds(1) });
            })));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", archive.Tokens["reader"]);
        var response = await client.GetAsync("/api/search?q=" + Word(4321) + "x~1");
        var problem = await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Search could not run", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.StartsWith("the query took longer than ", detail, StringComparison.Ordinal);
        Assert.EndsWith(" s and was stopped; narrow it (fewer wildcards, more words)", detail, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, problem.GetProperty("took_ms").ValueKind);

        // The same search under the host's own limit answers, and finds the word.
        var answered = JsonDocument.Parse(await factory.ClientFor("reader").GetStringAsync("/api/search?q=" + Word(4321) + "x~1")).RootElement;
        Assert.Equal(1, answered.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_EverySlotTaken_Returns503BusyWithinTheLimitAndAnswersOnceOneFrees()
    {
        using var gated = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton(new SearchGate(1));
            s.AddSingleton(sp =>
            {
                var core = sp.GetRequiredService<ArchiveCore>();
                return new Searcher(new LuceneBackend(core.Index, SearchLimits.Default.MaxExpansions), core.Index.Analyzer, core.Database, core.Store, core.Clock, core.Layout.AliasesPath, SearchLimits.Default with { TimeLimit = TimeSpan.FromMilliseconds(500) });
            });
        }));
        using var client = gated.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _search.Archive.Tokens["reader"]);
        var gate = gated.Services.GetRequiredService<SearchGate>();
        var paths = new[] { "/api/search?q=hasakah", "/api/search.csv?q=hasakah", $"/api/documents/{_search.Archive.ReportId}/matches?q=hasakah", $"/api/documents/{_search.Archive.ReportId}/related" };

        using (var held = await gate.EnterAsync(TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            Assert.NotNull(held);
            foreach (var path in paths)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var problem = await Problems.AssertProblem(await client.GetAsync(path), HttpStatusCode.ServiceUnavailable);
                Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
                Assert.Equal("the archive is busy: all 1 search slots stayed taken for the whole 0.5 s limit; try again shortly", problem.GetProperty("detail").GetString());
            }
        }

        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
    }

    /// <summary>
    /// The CSV export runs a search per page of hits, all within the one time limit of the request: at its deadline
    /// it stops with a 503 that says so, rather than running each page to the limit in turn.
    /// </summary>
    [Fact]
    public async Task Csv_DeadlinePassed_Returns503ThatTheExportWasStopped()
    {
        using var limited = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton(sp =>
            {
                var core = sp.GetRequiredService<ArchiveCore>();
                return new Searcher(new LuceneBackend(core.Index, SearchLimits.Default.MaxExpansions), core.Index.Analyzer, core.Database, core.Store, core.Clock, core.Layout.AliasesPath, SearchLimits.Default with { TimeLimit = TimeSpan.Zero });
            })));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _search.Archive.Tokens["reader"]);

        var problem = await Problems.AssertProblem(await client.GetAsync("/api/search.csv?q=hasakah"), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("the export took longer than 0 s and was stopped; narrow the query", problem.GetProperty("detail").GetString());
    }

    /// <summary>A distinct lowercase word for each <paramref name="n"/>: "w" and its digits in base 26 as letters.</summary>
    private static string Word(int n)
    {
        var word = new StringBuilder("w");
        do
        {
            word.Append((char)('a' + (n % 26)));
            n /= 26;
        }
        while (n > 0);
        return word.ToString();
    }

    [Fact]
    public async Task Search_ArchiveFromTheFts5Version_Returns503SayingReindex()
    {
        using var archive = new TestArchive();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(archive.Root, "catalog.db")};Pooling=False"))
        {
            // What the version before Lucene.Net left in every catalog.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE VIRTUAL TABLE search_fts USING fts5(title_stem, body_stem, title_exact, body_exact)";
            command.ExecuteNonQuery();
        }

        using var factory = new ArchiveWebFactory(archive);
        var problem = await Problems.AssertProblem(await factory.ClientFor("reader").GetAsync("/api/search?q=hasakah"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("archive reindex", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_RandomGarbage_NeverFails500()
    {
        var random = new Random(20261122);
        string[] words = ["a", "hasakah", "prison", "الحسكة", "detain*", "hasaka~", "\"syrian forces\"", "😀", "water"];
        string[] pieces =
        [
            "\u0301", "\u200f", " ", "  ", "\t", "\n", "\\", "+", "-", "!", "(", ")", "{", "}", "[", "]", "^", "\"", "~", "~2",
            "*", "?", ":", "/", "&", "&&", "|", "||", "=", "AND", "OR", "NOT", "TO", "title:", "published:", "captured:", "lang:", "tag:", "id:", "nosuch:",
            "[2026 TO *]", "{* TO 2025-13}", "*:*", "1", "2026-01", "%", "_", "'", ";", "\0", "\ud800", "\udc00",
        ];
        var statuses = new Dictionary<int, int>();
        using var client = _factory.ClientFor("reader");
        for (var i = 0; i < 300; i++)
        {
            var q = new StringBuilder();
            var length = i % 50 == 49 ? 600 : random.Next(0, 16);
            for (var n = 0; n < length; n++)
            {
                // Words and spaces half of the time, so that garbage also reaches the searcher and not only the parser.
                q.Append(random.Next(2) == 0 ? pieces[random.Next(pieces.Length)] : " " + words[random.Next(words.Length)]);
            }

            var url = "/api/search?q=" + Escape(q.ToString());
            if (i % 3 == 0)
            {
                url += "&publisher=" + Escape(pieces[random.Next(pieces.Length)]) + "&from=" + Escape(pieces[random.Next(pieces.Length)]);
            }

            if (i % 5 == 0)
            {
                url += "&tag=" + Escape(pieces[random.Next(pieces.Length)]) + "&sort=published&aliases=false";
            }

            var response = await client.GetAsync(url);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is 200 or 400, $"{url}: {status} {await response.Content.ReadAsStringAsync()}");
            if (status == 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        // Garbage should exercise both outcomes, not only the error path.
        Assert.True(statuses.GetValueOrDefault(200) > 30 && statuses.GetValueOrDefault(400) > 30, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    public static TheoryData<string, string[]> CsvSameAsCli => new()
    {
        { "q=hasakah", ["hasakah"] },
        { "q=detain*+OR+hasaka~&sort=published&limit=1&offset=1&passages=5", ["detain* OR hasaka~", "--sort", "published"] },
        { "q=%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D8%A9&aliases=false", ["الحسكة", "--no-aliases"] },
        { "q=hasakah&lang=en&from=2024&to=2025-06", ["(hasakah) AND lang:\"en\" AND published:[2024 TO 2025-06]"] },
    };

    [Theory]
    [MemberData(nameof(CsvSameAsCli))]
    public async Task SearchCsv_SameSearchAsCli_ReturnsByteIdenticalCsvAsAnAttachment(string query, string[] cliArgs)
    {
        var response = await _factory.ClientFor("reader").GetAsync("/api/search.csv?" + query);
        var body = await response.Content.ReadAsByteArrayAsync();
        var (code, output, error) = RunCli(["--archive", _search.Archive.Root, "search", .. cliArgs, "--csv"]);

        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        Assert.True(code == 0, error);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("search.csv", response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(Encoding.UTF8.GetBytes(output), body);
        var rows = Encoding.UTF8.GetString(body).Split("\r\n");
        Assert.Equal("id,title,publisher,published,captured,score,best_passage,citation", rows[0]);
        Assert.True(rows.Length > 2, "the case should find something");
        var total = response.Headers.GetValues("X-Total-Hits").Single();
        Assert.Equal((rows.Length - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.Equal(total, response.Headers.GetValues("X-Exported").Single());
    }

    [Fact]
    public async Task SearchCsv_ArabicQuery_ArabicTitleSurvivesAsUtf8()
    {
        var response = await _factory.ClientFor("reader").GetAsync("/api/search.csv?q=" + Uri.EscapeDataString("غويران"));

        Assert.True(response.IsSuccessStatusCode);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(await response.Content.ReadAsByteArrayAsync());
        var row = text.Split("\r\n")[1].Split(',');
        Assert.Equal([_search.ArabicId.Value, SearchArchive.ArabicTitle, "Enab Baladi", "2024-11-20"], row.Take(4));
        Assert.Contains("سجن غويران", row[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchCsv_TitleWithCommaAndQuoteAndFormulaPublisher_QuotedAndGuarded()
    {
        const string Title = "Siege, \"day\" 3";
        const string Publisher = "=HYPERLINK(\"http://example.invalid\",\"x\")";
        using var archive = new TestArchive();
        var incoming = Path.Combine(archive.Root, "incoming-csv");
        Directory.CreateDirectory(incoming);
        File.WriteAllText(Path.Combine(incoming, "odd.txt"), "Odd title\n\nA quokka census,\nacross two lines.\n", new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(incoming, "odd.txt.meta.json"), JsonSerializer.Serialize(new { title = Title, publisher = Publisher }), new UTF8Encoding(false));
        using (var core = ArchiveCore.Open(new ArchiveLayout(archive.Root), TimeProvider.System))
        {
            Assert.Equal(IngestStatus.Ingested, core.Ingestor.Ingest(new IngestRequest([incoming], new Dictionary<string, FieldValue>(), "test-setup"), null, default).Single().Status);
        }

        using var factory = new ArchiveWebFactory(archive);
        var text = await factory.ClientFor("reader").GetStringAsync("/api/search.csv?q=" + Uri.EscapeDataString("\"census across\""));

        var row = text.Split("\r\n")[1];
        Assert.Contains(",\"Siege, \"\"day\"\" 3\",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",", row, StringComparison.Ordinal);
        // A phrase across the line break cuts a passage holding the newline: quoted, the newline kept.
        Assert.True(row.Contains(",\"A quokka census,\nacross two lines.\",", StringComparison.Ordinal), row);
    }

    [Fact]
    public async Task SearchCsv_SyntaxError_Returns400ProblemDetailsWithTheColumn()
    {
        var response = await _factory.ClientFor("reader").GetAsync("/api/search.csv?q=" + Uri.EscapeDataString("hasakah AND (prison"));

        var problem = await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal("Query syntax error", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("column").GetInt32() > 0);
    }

    private async Task<JsonElement> SearchJson(string query)
    {
        var response = await _factory.ClientFor("reader").GetAsync("/api/search?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private static (int Code, string Output, string Error) RunCli(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        CliHost.Use(new CliHost(output, error, false, TimeProvider.System));
        try
        {
            var code = ArchiveCli.Run(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            CliHost.Use(null);
        }
    }

    private static string Slice(string text, int start, int end)
    {
        var runes = text.EnumerateRunes().ToArray();
        return string.Concat(runes[start..end].Select(r => r.ToString()));
    }

    /// <summary>Percent-encodes as UTF-8; a lone surrogate (not encodable) goes as U+FFFD, as a browser would send it.</summary>
    private static string Escape(string value) => Uri.EscapeDataString(string.Concat(value.EnumerateRunes().Select(r => r.ToString())));
}
