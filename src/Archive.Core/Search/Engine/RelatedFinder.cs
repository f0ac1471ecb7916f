using System.Globalization;
using Archive.Core.Catalog;
using Archive.Core.Search;
using Archive.Core.Storage;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using L = Lucene.Net.Search;
using Lucene.Net.Util;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Finds the captures most like one capture with Lucene's <see cref="MoreLikeThis"/>: the capture's most
/// distinctive stems (by tf-idf, in its own language's chain, from its first few thousand words) become one query
/// over that chain's stemmed text field. Each hit says which of those words it shares.
/// </summary>
public sealed class RelatedFinder
{
    private readonly LuceneIndex _index;
    private readonly ArchiveDatabase _database;
    private readonly Semantic.SemanticIndex? _semantic;

    internal RelatedFinder(LuceneIndex index, ArchiveDatabase database, Semantic.SemanticIndex? semantic = null)
    {
        _index = index;
        _database = database;
        _semantic = semantic;
    }

    /// <summary>How many distinctive words make the query.</summary>
    public const int MaxTerms = 25;

    /// <summary>The most related captures one request may ask for.</summary>
    public const int MaxLimit = 100;

    public RelatedResponse Find(CaptureSummary capture, string text, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(text);
        limit = Math.Clamp(limit, 1, MaxLimit);
        try
        {
            _index.CatchUp(LuceneBackend.CatchUpWait, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // As a search does: a read-only or damaged index is read as last committed (a damaged one says so below).
        }

        var searcher = _index.Acquire();
        if (searcher is null)
        {
            return new RelatedResponse(capture.Id, [], []);
        }

        try
        {
            var chain = LanguageChain.For(capture.Language);
            var field = IndexFields.TextStem(chain);
            var mlt = new MoreLikeThis(searcher.IndexReader)
            {
                Analyzer = new ChainAnalyzer(_index.Analyzer, chain),
                FieldNames = [field],
                MinTermFreq = 1,
                MinDocFreq = 2, // a word no other capture has relates nothing
                MinWordLen = 3,
                MaxQueryTerms = MaxTerms,
                ApplyBoost = true, // weigh each word by how distinctive it is of this capture
                Similarity = new Lucene.Net.Search.Similarities.DefaultSimilarity(),
                StopWords = StopStems(chain),
            };
            var sample = text.Length > ChainAnalyzer.MaxChars ? text[..ChainAnalyzer.MaxChars] : text;
            var terms = mlt.RetrieveInterestingTerms(new StringReader(sample), field);
            var close = Close(capture, cancellationToken);
            if (terms.Length == 0 && close.Count == 0)
            {
                return new RelatedResponse(capture.Id, [], []);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var rowIds = MultiDocValues.GetNumericValues(searcher.IndexReader, IndexFields.RowId);
            var hits = new List<(int Doc, long RowId, double Score)>();
            if (terms.Length > 0)
            {
                var query = new L.BooleanQuery
                {
                    { mlt.Like(new StringReader(sample), field), L.Occur.MUST },
                    { new L.TermQuery(new Term(IndexFields.Id, capture.Id.Value)), L.Occur.MUST_NOT },
                    { new L.TermQuery(new Term(IndexFields.Withdrawn, "1")), L.Occur.MUST_NOT },
                };
                var collector = TopScoreDocCollector.Create(close.Count > 0 ? MaxLimit : limit, docsScoredInOrder: true);
                searcher.Search(query, new CancellingCollector(collector, cancellationToken));
                var top = collector.GetTopDocs();
                hits = [.. top.ScoreDocs.Select(d => (d.Doc, rowIds?.Get(d.Doc) ?? -1, (double)d.Score))];
            }

            if (close.Count > 0)
            {
                hits = Fuse(searcher, hits, close, limit, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();

            var shared = Shared(searcher.IndexReader, field, terms, hits.Select(h => h.Doc).ToList());
            var details = Details(hits.Select(h => h.RowId).ToList());
            return new RelatedResponse(
                capture.Id,
                terms,
                [.. hits.Where(h => details.ContainsKey(h.RowId)).Select(h =>
                {
                    var d = details[h.RowId];
                    return new RelatedHit(d.Id, d.Id.Short, d.Slug, d.Title, d.Publisher, d.Published, d.Language, Math.Round(h.Score, 6), shared[h.Doc])
                    {
                        Meaning = close.TryGetValue(h.RowId, out var similar) && similar.Similarity >= Searcher.MeaningFloor ? Math.Round(similar.Similarity, 4) : null,
                    };
                })]);
        }
        catch (IOException ex) when (LuceneIndex.IsDamage(ex))
        {
            throw LuceneIndex.Damaged(ex);
        }
        finally
        {
            LuceneIndex.Release(searcher);
        }
    }

    /// <summary>
    /// The captures (by rowid, not withdrawn, not this one nor another capture of the same text) whose texts are
    /// closest in meaning to this capture's text as a whole (the mean of its chunk vectors); empty when it has none.
    /// </summary>
    private Dictionary<long, Semantic.MeaningMatch> Close(CaptureSummary capture, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, Semantic.MeaningMatch>();
        var vectors = _semantic is { Exists: true } ? _semantic.Vectors(cancellationToken: cancellationToken) : null;
        if (vectors?.Centroid(capture.TextSha256) is not { } centre)
        {
            return result;
        }

        var top = vectors.Score(centre, MaxLimit + 1, cancellationToken).Top(MaxLimit + 1, Searcher.MeaningFloor).Where(t => t.TextSha256 != capture.TextSha256).ToDictionary(t => t.TextSha256, t => t.Match, StringComparer.Ordinal);
        if (top.Count == 0)
        {
            return result;
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, text_sha256 FROM captures WHERE withdrawn = 0 AND text_sha256 IN {SqlList.In(command, "$texts", top.Keys)}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetInt64(0)] = top[reader.GetString(1)];
        }

        return result;
    }

    /// <summary>
    /// MoreLikeThis's hits and the captures close in meaning, fused by the rule of <see cref="MeaningRanking"/>: each
    /// list min-max normalised, half words and half meaning; a capture only close in meaning is found in the index by
    /// its id (for the words it shares).
    /// </summary>
    private static List<(int Doc, long RowId, double Score)> Fuse(IndexSearcher searcher, List<(int Doc, long RowId, double Score)> words, Dictionary<long, Semantic.MeaningMatch> close, int limit, CancellationToken cancellationToken)
    {
        var byRow = words.ToDictionary(h => h.RowId);
        var wanted = close.Keys.Where(r => !byRow.ContainsKey(r)).ToHashSet();
        var ids = MultiDocValues.GetNumericValues(searcher.IndexReader, IndexFields.RowId);
        var live = MultiFields.GetLiveDocs(searcher.IndexReader);
        for (var doc = 0; wanted.Count > 0 && ids is not null && doc < searcher.IndexReader.MaxDoc; doc++)
        {
            // One pass over the rowids (doc values) finds the live documents of the captures only close in meaning.
            if ((doc & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = ids.Get(doc);
            if ((live is null || live.Get(doc)) && wanted.Remove(row))
            {
                byRow[row] = (doc, row, 0);
            }
        }

        double wordsLow = words.Count == 0 ? 0 : words.Min(h => h.Score), wordsHigh = words.Count == 0 ? 0 : words.Max(h => h.Score);
        double meaningLow = close.Values.Min(m => m.Similarity), meaningHigh = close.Values.Max(m => m.Similarity);
        return [.. byRow.Values
            .Select(h => (h.Doc, h.RowId, Score: (MeaningRanking.HybridWeight * (close.TryGetValue(h.RowId, out var m) ? MeaningRanking.Normalise(m.Similarity, meaningLow, meaningHigh) : 0))
                + ((1 - MeaningRanking.HybridWeight) * (words.Any(w => w.RowId == h.RowId) ? MeaningRanking.Normalise(h.Score, wordsLow, wordsHigh) : 0))))
            .OrderByDescending(h => h.Score).ThenBy(h => h.RowId).Take(limit)];
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ISet<string>> StopStemsByChain = new(StringComparer.Ordinal);

    /// <summary>
    /// English words that carry grammar rather than subject (pronouns, auxiliaries, modals, common adverbs and
    /// reporting verbs), beyond Lucene's 33 stop words: without them, "would", "which" and "said" led the shared terms.
    /// Not "us" or "may", which are also U.S. and the month.
    /// </summary>
    private static readonly string[] EnglishFunctionWords =
    [
        "about", "above", "after", "again", "against", "all", "also", "am", "among", "another", "any", "anyone", "anything",
        "around", "because", "been", "before", "being", "below", "between", "both", "can", "cannot", "could", "did", "does",
        "doing", "done", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
        "i", "its", "itself", "just", "last", "less", "many", "me", "might", "more", "most", "much", "must", "my",
        "myself", "neither", "never", "nor", "now", "off", "often", "once", "one", "only", "other", "others", "our",
        "ours", "ourselves", "out", "over", "own", "per", "rather", "said", "same", "say", "says", "shall", "she",
        "should", "since", "so", "some", "still", "than", "thats", "them", "themselves", "then", "thereby", "therefore",
        "those", "though", "through", "thus", "too", "under", "until", "up", "upon", "very", "was", "we", "were",
        "what", "whatever", "when", "whenever", "where", "whether", "which", "while", "who", "whoever", "whom", "whose",
        "why", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "told", "according",
    ];

    /// <summary>
    /// Lucene's stop words for English, Arabic and the chain's own language, as the chain stems them: searches keep
    /// every word, but "the" and "في" say nothing about what two captures share.
    /// </summary>
    private ISet<string> StopStems(LanguageChain chain) => StopStemsByChain.GetOrAdd(chain.Name, _ =>
    {
        var words = new List<string>();
        void Add(IEnumerable<string> set) => words.AddRange(set);
        Add(Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet);
        Add(EnglishFunctionWords);
        Add(Lucene.Net.Analysis.Ar.ArabicAnalyzer.DefaultStopSet);
        switch (chain.Name)
        {
            case "fa": Add(Lucene.Net.Analysis.Fa.PersianAnalyzer.DefaultStopSet); break;
            case "ckb": Add(Lucene.Net.Analysis.Ckb.SoraniAnalyzer.DefaultStopSet); break;
            case "tr": Add(Lucene.Net.Analysis.Tr.TurkishAnalyzer.DefaultStopSet); break;
            case "fr": Add(Lucene.Net.Analysis.Fr.FrenchAnalyzer.DefaultStopSet); break;
            case "de": Add(Lucene.Net.Analysis.De.GermanAnalyzer.DefaultStopSet); break;
            case "ru": Add(Lucene.Net.Analysis.Ru.RussianAnalyzer.DefaultStopSet); break;
        }

        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            foreach (var token in _index.Analyzer.Tokenize(word, chain))
            {
                stems.Add(token.Stem);
            }
        }

        return stems;
    });

    /// <summary>For each hit, the query words its text holds, in the query's order.</summary>
    private static Dictionary<int, IReadOnlyList<string>> Shared(IndexReader reader, string field, string[] terms, List<int> docs)
    {
        var found = docs.ToDictionary(d => d, _ => new List<string>());
        var sorted = docs.Order().ToList();
        var live = MultiFields.GetLiveDocs(reader);
        foreach (var term in terms)
        {
            var postings = MultiFields.GetTermDocsEnum(reader, live, field, new BytesRef(term));
            if (postings is null)
            {
                continue;
            }

            foreach (var doc in sorted)
            {
                var at = postings.DocID >= doc ? postings.DocID : postings.Advance(doc);
                if (at == DocIdSetIterator.NO_MORE_DOCS)
                {
                    break;
                }

                if (at == doc)
                {
                    found[doc].Add(term);
                }
            }
        }

        return found.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value);
    }

    /// <summary>The hits' rows in the catalog; none for a capture withdrawn since the index last caught up (another process held its writer).</summary>
    private Dictionary<long, (CaptureId Id, string Slug, string? Title, string? Publisher, string? Published, string? Language)> Details(List<long> rowIds)
    {
        var details = new Dictionary<long, (CaptureId, string, string?, string?, string?, string?)>();
        if (rowIds.Count == 0)
        {
            return details;
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT c.rowid, c.id, s.slug, c.title, c.publisher, c.published, c.language FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.rowid IN {SqlList.In(command, "$rows", rowIds)} AND c.withdrawn = 0";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            details[reader.GetInt64(0)] = (CaptureId.Parse(reader.GetString(1)), reader.GetString(2), Text(3), Text(4), Text(5), Text(6));
        }

        return details;
    }
}
