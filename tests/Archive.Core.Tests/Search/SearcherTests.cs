using Archive.Core.Search.Engine;
using Archive.Core.Storage;
using Archive.Core.Text;
using System.Text.RegularExpressions;
using Archive.Core.Ingestion;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed partial class SearcherTests : IDisposable
{
    private const string Samples000 = "000_8970b555c56b5fc6.txt";
    private const string Samples001 = "001_42167cd4a6d629ad.txt";
    private const string Samples002 = "002_bceb7f64bd6094a4.txt";
    private const string Samples003 = "003_ba7e93566f7827cc.txt";
    private const string Samples004 = "004_dd67e9743226e335.txt";

    private readonly SearchTestArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    /// <summary>Every query form over the sample archive and the extra documents; each one must find passages.</summary>
    public static readonly string[] VariedQueries =
    [
        // terms, including words after emoji and astral characters, and folded diacritics
        "hasakah", "prison", "detainees", "escaped", "security", "Iraq", "transfer", "zephyr", "checkpoint",
        "fighters", "owners", "cafe", "detenus", "quokka", "ledger",
        // phrases, across a straight quote and across a line break, and proximity
        "\"prison break\"", "\"Syrian Democratic Forces\"", "\"security operations\"", "\"prison breaks\"",
        "\"the zephyr checkpoint\"", "\"said the prison\"", "\"release hasakah\"", "\"detainees prison\"~8",
        // prefixes and wildcards
        "escap*", "hasak*", "detain*", "sec*", "has?kah", "p*n", "d*s", "zeph*",
        // fuzzy
        "hasaka~", "daesh~1", "prisn~", "detainess~2", "zefyr~",
        // booleans
        "hasakah AND prison", "iraq OR zephyr", "prison NOT iraq", "+sdf -iraq", "(isis OR daesh) AND transfer",
        "prison -hasakah", "hasakah prison zephyr", "ledger -audit",
        // fields
        "title:prison", "text:escape", "title:\"ISIS detainees\"", "publisher:Daljoog prison", "type:social-thread hasakah",
        "lang:ar الحسكة", "tag:leak ledger", "published:[2026-01-01 TO 2026-01-31] prison",
        // aliases
        "isis", "daesh", "\"Islamic State\"", "ISIL", "al-hasakeh", "ghweiran", "\"Deir ez Zour\"", "shaddadi", "centcom", "sdf",
        "=ISIS", "=daesh",
        // Arabic
        "قسد", "الهول", "الحسكة", "داعش", "السجناء", "والحسكه", "هرب", "المَرْكَزِيِّ", "الصباح",
    ];

    [GeneratedRegex("^\\[@(?<id>[^ \\]]+) \"(?<quote>.*)\"(?: #[0-9]+)?\\]$", RegexOptions.Singleline)]
    private static partial Regex CitationPattern();

    private static string Slice(string text, int start, int end) =>
        text[CodePoints.ToUtf16Index(text, start)..CodePoints.ToUtf16Index(text, end)];

    [Fact]
    public void Search_VariedQueries_EveryPassageAndMatchSlicesTheCanonicalText()
    {
        Assert.True(VariedQueries.Length >= 50);
        var problems = new List<string>();
        var passagesChecked = 0;
        var astralPassages = 0;
        foreach (var query in VariedQueries)
        {
            var response = _archive.Search(query, passages: 20);
            if (query.StartsWith("title:", StringComparison.Ordinal))
            {
                // A clause on the title marks nothing in the text: each hit says it matched in its title.
                if (response.Hits.Count == 0 || response.Hits.Any(h => h.Passages.Count > 0 || !h.Why.Any(w => w.EndsWith("(title)", StringComparison.Ordinal))))
                {
                    problems.Add($"{query}: no hits, or a hit with passages or without a reason in its title");
                }
            }
            else if (response.Hits.Count == 0 || response.Hits.All(h => h.Passages.Count == 0))
            {
                problems.Add($"{query}: no passages");
            }

            foreach (var hit in response.Hits)
            {
                var text = _archive.TextOf(hit.Id);
                var length = CodePoints.Count(text);
                if (hit.Why.Count == 0)
                {
                    problems.Add($"{query} / {hit.Slug}: no reason given");
                }

                foreach (var passage in hit.Passages)
                {
                    passagesChecked++;
                    var where = $"{query} / {hit.Slug} [{passage.Start}, {passage.End})";
                    if (passage.Start < 0 || passage.End > length || passage.Start >= passage.End)
                    {
                        problems.Add($"{where}: outside the text of {length} code points");
                        continue;
                    }

                    if (Slice(text, passage.Start, passage.End) != passage.Text)
                    {
                        problems.Add($"{where}: text[start:end] is '{Slice(text, passage.Start, passage.End)}', passage says '{passage.Text}'");
                    }

                    if (passage.Text.EnumerateRunes().Any(r => r.IsBmp is false))
                    {
                        astralPassages++;
                    }

                    if (passage.Matches.Count == 0)
                    {
                        problems.Add($"{where}: no matches");
                    }

                    foreach (var match in passage.Matches)
                    {
                        if (match.Start < passage.Start || match.End > passage.End || match.Start >= match.End)
                        {
                            problems.Add($"{where}: match [{match.Start}, {match.End}) lies outside the passage");
                        }
                        else if (Slice(text, match.Start, match.End) != match.Text)
                        {
                            problems.Add($"{where}: match [{match.Start}, {match.End}) is '{Slice(text, match.Start, match.End)}', says '{match.Text}'");
                        }
                    }

                    var citation = CitationPattern().Match(passage.Citation);
                    if (!citation.Success)
                    {
                        problems.Add($"{where}: citation '{passage.Citation}' is not [@ID \"quote\"]");
                    }
                    else if (citation.Groups["id"].Value != hit.Slug || citation.Groups["quote"].Value != passage.Text.ReplaceLineEndings(" "))
                    {
                        problems.Add($"{where}: citation '{passage.Citation}' does not quote the passage of {hit.Slug}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(passagesChecked >= 300, $"only {passagesChecked} passages checked");
        Assert.True(astralPassages >= 3, $"only {astralPassages} passages hold astral characters");
    }

    [Fact]
    public void Search_VariedQueries_PassagesHoldAStraightDoubleQuoteOnlyInsideAMatch()
    {
        // A passage stops at a straight quote so that it can be cited as it stands, unless a phrase match spans one.
        var offending = new List<string>();
        var spanning = 0;
        foreach (var query in VariedQueries)
        {
            foreach (var passage in _archive.Search(query, passages: 20).Hits.SelectMany(h => h.Passages))
            {
                var runes = passage.Text.EnumerateRunes().ToList();
                for (var i = 0; i < runes.Count; i++)
                {
                    if (runes[i].Value == '"')
                    {
                        var at = passage.Start + i;
                        if (passage.Matches.Any(m => m.Start < at && at < m.End))
                        {
                            spanning++;
                        }
                        else
                        {
                            offending.Add($"{query}: {passage.Text}");
                        }
                    }
                }
            }
        }

        Assert.True(offending.Count == 0, string.Join("\n", offending));
        Assert.True(spanning > 0, "\"said the prison\" should match across a quote");
    }

    [Theory]
    [InlineData("prison")]
    [InlineData("hasakah OR prison OR detainees OR zephyr OR ledger")]
    [InlineData("\"prison break\" OR escap*")]
    [InlineData("isis")]
    public void Rank_WithoutDetails_SameCapturesAndScoresAsTheHitsInOrder(string query)
    {
        var request = new SearchRequest(query, 1000, PassagesPerHit: 0);
        var full = _archive.Searcher.Search(request);

        var (response, ranked) = _archive.Searcher.Rank(request, details: false, CancellationToken.None);

        Assert.NotEmpty(full.Hits);
        Assert.Empty(response.Hits);
        Assert.Equal(full.Total, response.Total);
        var rows = ranked.Select(r => _archive.RowOf(r.RowId)).ToList();
        Assert.Equal(full.Hits.Select(h => (h.Id, h.Score)), ranked.Select((r, i) => (rows[i], Math.Round(r.Score, 6))));
    }

    [Fact]
    public void Search_EmojiBeforeMatch_OffsetsCountCodePoints()
    {
        var text = _archive.TextOf(_archive.IdOf("emoji.txt"));
        var hit = Assert.Single(_archive.Search("zephyr").Hits);
        var match = hit.Passages.SelectMany(p => p.Matches).First();
        var expectedStart = text[..text.IndexOf("zephyr", StringComparison.Ordinal)].EnumerateRunes().Count();

        Assert.Equal("zephyr", match.Text);
        Assert.Equal(expectedStart, match.Start);
        Assert.Equal(expectedStart + 6, match.End);
        Assert.True(text.IndexOf("zephyr", StringComparison.Ordinal) > expectedStart, "the text should hold surrogate pairs before the match");
    }

    [Fact]
    public void Search_QuotedPhrase_DoesNotMatchInflectedForm()
    {
        var quoted = _archive.Files("\"prison break\"");

        Assert.DoesNotContain("breaks.txt", quoted);
        Assert.Contains(Samples003, quoted);
        Assert.Contains("emoji.txt", quoted);
    }

    [Fact]
    public void Search_UnquotedWords_MatchInflectedFormByStem()
    {
        var response = _archive.Search("prison break");
        var breaks = response.Hits.Single(h => _archive.FileOf(h.Id) == "breaks.txt");

        Assert.Contains("stem: break → breaks", breaks.Why);
        Assert.Contains(breaks.Passages.SelectMany(p => p.Matches), m => m.Text == "breaks" && m.Reason == "stem");
    }

    [Fact]
    public void Search_QuotedInflectedPhrase_MatchesOnlyThatForm()
    {
        var quoted = _archive.Files("\"prison breaks\"");

        Assert.Contains("breaks.txt", quoted);
        Assert.DoesNotContain("emoji.txt", quoted);
    }

    [Fact]
    public void Search_ArabicWithAlPrefixAndTaMarbuta_FindsWawPrefixedHeForm()
    {
        // Aliases off: this must come from the analyzer's normalization and prefix stripping alone.
        var response = _archive.Search("الحسكة", aliases: false);
        var hit = Assert.Single(response.Hits);

        Assert.Equal("ar-hasakah.txt", _archive.FileOf(hit.Id));
        Assert.Equal("والحسكه", Assert.Single(hit.Passages.SelectMany(p => p.Matches)).Text);
    }

    [Theory]
    [InlineData("السجناء", "السُّجَنَاءُ")]
    [InlineData("المركزي", "المَرْكَزِيِّ")]
    [InlineData("ليلا", "لَيْلًا")]
    [InlineData("السُّجَنَاءُ", "السُّجَنَاءُ")]
    public void Search_BareArabicWord_FindsTextWithTashkeel(string query, string expectedMatch)
    {
        var hit = Assert.Single(_archive.Search(query, aliases: false).Hits);

        Assert.Equal("ar-tashkeel.txt", _archive.FileOf(hit.Id));
        Assert.Equal(expectedMatch, hit.Passages.SelectMany(p => p.Matches).First().Text);
    }

    [Fact]
    public void Search_ArabicWordWithoutTatweel_FindsTextWithTatweel()
    {
        var files = _archive.Files("\"الصباح\"", aliases: false);

        Assert.Equal(["ar-tashkeel.txt"], files);
    }

    [Fact]
    public void Search_ArabicAlias_FindsEnglishOnlyDocument()
    {
        var files = _archive.Files("داعش");

        Assert.Contains("isis-only.txt", files);
        Assert.Contains("ar-daesh.txt", files);
        Assert.Contains(Samples000, files);
    }

    [Fact]
    public void Search_EnglishAlias_FindsArabicOnlyDocument()
    {
        var files = _archive.Files("daesh");

        Assert.Contains("ar-daesh.txt", files);
        Assert.Contains("isis-only.txt", files);
    }

    [Theory]
    [InlineData("daesh", false, new[] { Samples000 })]
    [InlineData("=daesh", true, new[] { Samples000 })]
    [InlineData("داعش", false, new[] { "ar-daesh.txt" })]
    [InlineData("=داعش", true, new[] { "ar-daesh.txt" })]
    [InlineData("=ISIS AND checkpoint", true, new[] { "emoji.txt", "isis-only.txt" })]
    [InlineData("\"Islamic State\"", false, new[] { Samples002, Samples003 })]
    public void Search_AliasesOff_FindsOnlyTheWordItself(string query, bool useAliases, string[] expected)
    {
        var files = _archive.Files(query, aliases: useAliases);

        Assert.Equal(expected.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Search_AliasOnTermInMixedQuery_ExpandsOnlyThatTerm()
    {
        var expanded = _archive.Files("daesh ambush");
        var plain = _archive.Files("=daesh ambush");

        Assert.Contains("isis-only.txt", expanded);
        Assert.Empty(plain);
    }

    [Fact]
    public void Search_AliasHit_ReportsAliasAndVariant()
    {
        var hit = _archive.Search("daesh").Hits.Single(h => _archive.FileOf(h.Id) == "ar-daesh.txt");
        var match = Assert.Single(hit.Passages.SelectMany(p => p.Matches));

        Assert.Equal(["alias: daesh → داعش"], hit.Why);
        Assert.Equal(("داعش", "alias", "daesh", "داعش"), (match.Text, match.Reason, match.Query, match.Via));
    }

    [Fact]
    public void Search_MultiWordAlias_ReportsWhichVariantMatched()
    {
        var hit = _archive.Search("isis", passages: 20).Hits.Single(h => _archive.FileOf(h.Id) == Samples002);

        Assert.Contains("alias: isis → Islamic State", hit.Why);
        Assert.Contains(hit.Passages.SelectMany(p => p.Matches), m => m.Reason == "alias" && m.Via == "Islamic State" && m.Text == "Islamic State");
    }

    [Theory]
    [InlineData("hasaka~", Samples004, "fuzzy: hasaka~2 → hasakeh", "Hasakeh", "hasakeh")]
    [InlineData("zephir~1", "emoji.txt", "fuzzy: zephir~1 → zephyr", "zephyr", "zephyr")]
    [InlineData("has?kah", Samples000, "wildcard: has?kah → hasakah", "Hasakah", "hasakah")]
    [InlineData("ze*r", "emoji.txt", "wildcard: ze*r → zephyr", "zephyr", "zephyr")]
    public void Search_FuzzyOrWildcardHit_ReportsItsExpansion(string query, string file, string why, string matched, string via)
    {
        var hit = _archive.Search(query).Hits.Single(h => _archive.FileOf(h.Id) == file);

        Assert.Contains(why, hit.Why);
        Assert.Contains(hit.Passages.SelectMany(p => p.Matches), m => m.Text == matched && m.Via == via && why.StartsWith(m.Reason + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hasaka~")]
    [InlineData("hasak?h")]
    [InlineData("zephir~1")]
    [InlineData("hasaka~ OR zephir~1")]
    public void Search_ExpandedTermInSeveralSegments_ScoresAsItsWordsTypedExactly(string query)
    {
        // Documents ingested after the others lie in a segment of their own: the expansion's places in each segment
        // (kept from its walk of the dictionaries) must score as the words looked up afresh do.
        using var archive = new SearchTestArchive([
            ("late-1.txt", "Hasakeh wire\nConvoys left Hasakeh and Hasakah at dawn; zephyr winds.\n"),
            ("late-2.txt", "Hasaka notes\nThe Hasaka governorate and the hasakeh road.\n"),
        ]);
        var expanded = archive.Search(query, aliases: false, passages: 0);
        var words = expanded.Hits.SelectMany(h => h.Why).Select(w => w.Split(" → ")).Where(w => w.Length == 2).Select(w => w[1]).Distinct(StringComparer.Ordinal).ToList();
        // A quoted word is its exact form, as an expanded word is searched.
        var typed = archive.Search(string.Join(" OR ", words.Select(w => "\"" + w + "\"")), aliases: false, passages: 0);

        Assert.NotEmpty(words);
        Assert.True(expanded.Hits.Count >= 2);
        Assert.Equal(typed.Hits.Select(h => h.Id).Order(), expanded.Hits.Select(h => h.Id).Order());
        var typedScores = typed.Hits.ToDictionary(h => h.Id, h => h.Score);
        Assert.All(expanded.Hits, h => Assert.Equal(typedScores[h.Id], h.Score, 1e-5 * Math.Max(1, Math.Abs(h.Score))));
    }

    [Theory]
    [InlineData("escap*", "prefix: escap*")]
    [InlineData("zephyr", "term: zephyr")]
    [InlineData("\"zephyr checkpoint\"", "phrase: zephyr checkpoint")]
    public void Search_TermPhraseOrPrefixHit_ReportsWhatMatched(string query, string why)
    {
        var hits = _archive.Search(query).Hits;

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Contains(why, h.Why));
    }

    [Fact]
    public void Search_EmojiBesideTerm_IgnoresTheWordlessClause()
    {
        var plain = _archive.Files("hasakah");

        Assert.Equal(plain, _archive.Files("hasakah 😀"));
        Assert.Equal(plain, _archive.Files("hasakah AND \"😀\""));
        Assert.Empty(_archive.Files("😀"));
    }

    [Theory]
    [InlineData("hasakah")]
    [InlineData("prison")]
    [InlineData("quokka")]
    [InlineData("ledger OR quokka")]
    [InlineData("a*")]
    [InlineData("*")]
    public void Search_SameQueryTwice_ReturnsSameOrder(string query)
    {
        var first = _archive.Search(query, passages: 0).Hits.Select(h => (h.Id, h.Score)).ToList();
        var second = _archive.Search(query, passages: 0).Hits.Select(h => (h.Id, h.Score)).ToList();

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Search_EqualScores_TieBrokenByIngestOrder()
    {
        var hits = _archive.Search("quokka").Hits;

        Assert.Single(hits.Select(h => h.Score).Distinct());
        Assert.Equal(["tie-1.txt", "tie-2.txt", "tie-3.txt", "tie-4.txt", "tie-5.txt", "tie-6.txt"], hits.Select(h => _archive.FileOf(h.Id)));
    }

    [Fact]
    public void Search_ByRelevance_ScoresNeverIncrease()
    {
        var scores = _archive.Search("prison OR hasakah OR ledger").Hits.Select(h => h.Score).ToList();

        Assert.True(scores.Count >= 10);
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Theory]
    [InlineData("quokka", false)]
    [InlineData("prison OR quokka OR ledger", false)]
    [InlineData("prison OR quokka OR ledger", true)]
    [InlineData("*", false)]
    public void Search_PagedByTwo_ConcatenatesToTheFullList(string query, bool byPublished)
    {
        var sort = byPublished ? SearchSort.Published : SearchSort.Relevance;
        var full = _archive.Search(query, sort: sort, passages: 0);
        var paged = new List<CaptureId>();
        for (var offset = 0; offset < full.Total + 2; offset += 2)
        {
            var page = _archive.Search(query, limit: 2, sort: sort, offset: offset, passages: 0);
            Assert.Equal(full.Total, page.Total);
            Assert.Equal(offset, page.Offset);
            Assert.True(page.Hits.Count <= 2);
            paged.AddRange(page.Hits.Select(h => h.Id));
        }

        Assert.True(full.Total > 4);
        Assert.Equal(full.Hits.Select(h => h.Id), paged);
    }

    [Fact]
    public void Search_SortByPublished_OrdersNewestFirstThenUndated()
    {
        Assert.Equal(["ledger-2.txt", "ledger-1.txt", "ledger-3.txt", "ledger-4.txt"], _archive.Files("ledger", sort: SearchSort.Published));
        // By relevance: each text holds "ledger" twice, so length decides: BM25 over exact lengths puts the 9-word texts
        // (1 and 3) before the 10-word ones (2 and 4), ties in ingest order. Lucene 4's one-byte norms tied all four.
        Assert.Equal(["ledger-1.txt", "ledger-3.txt", "ledger-2.txt", "ledger-4.txt"], _archive.Files("ledger"));
    }

    [Fact]
    public void Search_SortByPublishedOverMixedDates_DatedHitsComeNewestFirst()
    {
        var hits = _archive.Search("prison OR ledger", sort: SearchSort.Published, passages: 0).Hits;
        var dated = hits.TakeWhile(h => h.Published is not null).Select(h => h.Published!).ToList();

        Assert.Equal(["2026-01", "2025-07-01", "2024-03-05", "2023"], dated);
        Assert.All(hits.Skip(dated.Count), h => Assert.Null(h.Published));
    }

    [Fact]
    public void Search_OnePage_FacetsCountTheWholeResultSet()
    {
        var response = _archive.Search("ledger", limit: 1);

        Assert.Single(response.Hits);
        Assert.Equal(4, response.Total);
        Assert.Equal([new FacetValue("Northern Ledger", 2), new FacetValue("Southern Wire", 1)], response.Facets.Publisher);
        Assert.Equal([new FacetValue("article", 1), new FacetValue("other", 1), new FacetValue("report", 1), new FacetValue("statement", 1)], response.Facets.Type);
        Assert.Equal([new FacetValue("en", 4)], response.Facets.Language);
        Assert.Equal([new FacetValue("2023", 1), new FacetValue("2024", 1), new FacetValue("2025", 1)], response.Facets.Year);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("prison OR ledger OR الحسكة")]
    public void Search_OnePageOfMany_FacetsEqualCountsOverAllHits(string query)
    {
        var page = _archive.Search(query, limit: 3);
        var all = _archive.Search(query, passages: 0).Hits;

        static List<FacetValue> Count(IEnumerable<string?> values) => [.. values
            .OfType<string>()
            .GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => new FacetValue(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)];

        Assert.Equal(3, page.Hits.Count);
        Assert.Equal(all.Count, page.Total);
        Assert.True(page.Total > 5);
        Assert.Equal(Count(all.Select(h => h.Publisher)), page.Facets.Publisher);
        Assert.Equal(Count(all.Select(h => h.SourceType)), page.Facets.Type);
        Assert.Equal(Count(all.Select(h => h.Language)), page.Facets.Language);
        Assert.Equal(Count(all.Select(h => h.Published?[..4])), page.Facets.Year);
        Assert.Contains(new FacetValue("ar", 1), page.Facets.Language.Select(f => f with { Count = Math.Min(f.Count, 1) }));
    }

    [Theory]
    [InlineData("publisher:\"Northern Ledger\"", new[] { "ledger-1.txt", "ledger-3.txt" })]
    [InlineData("publisher:daljoog", new[] { Samples003 })]
    [InlineData("type:statement", new[] { "ledger-2.txt" })]
    [InlineData("type:social-thread", new[] { Samples004 })]
    [InlineData("lang:ar", new[] { "ar-daesh.txt", "ar-hasakah.txt", "ar-tashkeel.txt" })]
    [InlineData("tag:leak", new[] { "ledger-3.txt" })]
    [InlineData("tag:al-hol", new[] { Samples002, Samples003 })]
    [InlineData("published:[2024-01-01 TO 2025-12-31]", new[] { "ledger-1.txt", "ledger-2.txt" })]
    [InlineData("published:[2026-01-01 TO 2026-01-31]", new[] { Samples001 })]
    [InlineData("published:[2023 TO 2023]", new[] { "ledger-3.txt" })]
    [InlineData("published:{2024-03-05 TO *]", new[] { Samples001, "ledger-2.txt" })]
    [InlineData("ledger AND published:[* TO 2024-12-31]", new[] { "ledger-1.txt", "ledger-3.txt" })]
    [InlineData("prison AND tag:2022", new[] { Samples004 })]
    [InlineData("title:ledger", new[] { "ledger-1.txt", "ledger-2.txt", "ledger-3.txt", "ledger-4.txt" })]
    [InlineData("text:tiebreak", new[] { "tie-1.txt", "tie-2.txt", "tie-3.txt", "tie-4.txt", "tie-5.txt", "tie-6.txt" })]
    [InlineData("title:checkpoint", new[] { "isis-only.txt" })]
    public void Search_MetadataField_FiltersExactly(string query, string[] expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), _archive.Files(query).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Search_IdField_FindsByHashPrefixAndBySlug()
    {
        var id = _archive.IdOf("ledger-2.txt");
        var slug = _archive.Search("ledger AND entry").Hits.Single().Slug;

        Assert.Equal(["ledger-2.txt"], _archive.Files("id:" + id.Short));
        Assert.Equal(["ledger-2.txt"], _archive.Files("id:" + slug));
        Assert.Equal(["ledger-2.txt"], _archive.Files("id:" + id));
    }

    [Theory]
    [InlineData("ledger -audit", new[] { "ledger-2.txt", "ledger-3.txt", "ledger-4.txt" })]
    [InlineData("ledger NOT audit", new[] { "ledger-2.txt", "ledger-3.txt", "ledger-4.txt" })]
    [InlineData("ledger NOT publisher:\"Northern Ledger\"", new[] { "ledger-2.txt", "ledger-4.txt" })]
    [InlineData("ledger -tag:audit", new[] { "ledger-2.txt", "ledger-3.txt", "ledger-4.txt" })]
    [InlineData("ledger -published:[2024 TO 2025]", new[] { "ledger-3.txt", "ledger-4.txt" })]
    [InlineData("ledger -(entry OR memo)", new[] { "ledger-1.txt", "ledger-3.txt" })]
    [InlineData("quokka -alpha -bravo -charlie", new[] { "tie-4.txt", "tie-5.txt", "tie-6.txt" })]
    [InlineData("+quokka -\"sighting echo\"", new[] { "tie-1.txt", "tie-2.txt", "tie-3.txt", "tie-4.txt", "tie-6.txt" })]
    public void Search_NotOrMinus_ExcludesMatchingDocuments(string query, string[] expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), _archive.Files(query).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Search_ExcludedNameWithAliases_ExcludesEveryVariant()
    {
        var files = _archive.Files("prison -hasakah");

        Assert.Contains("breaks.txt", files);
        Assert.DoesNotContain(Samples004, files);
        Assert.DoesNotContain("emoji.txt", files);
        Assert.DoesNotContain(Samples000, files);
    }

    [Fact]
    public void Search_ExplainOff_SameRankingWithoutReasonsOrPassages()
    {
        var explained = _archive.Search("prison OR hasakah OR ledger").Hits;
        var bare = _archive.Searcher.Search(new SearchRequest("prison OR hasakah OR ledger", SearchRequest.MaxLimit, Explain: false)).Hits;

        Assert.True(explained.Count > 5);
        Assert.Equal(explained.Select(h => (h.Id, h.Score)), bare.Select(h => (h.Id, h.Score)));
        Assert.All(bare, h => Assert.Empty(h.Why));
        Assert.All(bare, h => Assert.Empty(h.Passages));
    }

    [Fact]
    public void Search_SyntaxError_ReturnsErrorValueWithColumn()
    {
        var response = _archive.Searcher.Search(new SearchRequest("prison AND (hasakah"));

        // The unclosed '(' is the 12th character.
        Assert.NotNull(response.Error);
        Assert.Equal(12, response.Error.Column);
        Assert.Equal("this '(' is never closed", response.Error.Message);
        Assert.Empty(response.Hits);
    }

    [Fact]
    public void TimeLimit_Default_IsTheTenSecondsTheReadmePromises()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), _archive.Searcher.Limits.TimeLimit);
    }

    [Fact]
    public void Search_TimeLimitAlreadyPassed_ReturnsTimeLimitErrorInsteadOfHits()
    {
        var core = _archive.Archive;
        var searcher = new Searcher(new LuceneBackend(core.Index, SearchLimits.Default.MaxExpansions), core.Index.Analyzer, core.Database, core.Store, core.Clock, core.Layout.AliasesPath, SearchLimits.Default with { TimeLimit = TimeSpan.Zero });

        var response = searcher.Search(new SearchRequest("hasakah"));

        Assert.NotNull(response.Error);
        Assert.Equal(0, response.Error.Column);
        Assert.Equal("the query took longer than 0 s and was stopped; narrow it (fewer wildcards, more words)", response.Error.Message);
        Assert.Equal(0, response.Total);
        Assert.Empty(response.Hits);
        Assert.NotEmpty(_archive.Searcher.Search(new SearchRequest("hasakah")).Hits);
    }

    [Fact]
    public void Search_CallerTokenAlreadyCancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _archive.Searcher.Search(new SearchRequest("hasakah"), cancel.Token));
    }
}
