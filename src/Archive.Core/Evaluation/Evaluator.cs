using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Evaluation;

/// <summary>
/// Measures search quality on a BEIR test collection the way the published BM25 baselines are measured: every
/// corpus document is ingested into a temporary archive (as a .txt of title and text, with its title as a sidecar
/// would give it, straight from memory), each judged query runs as a bag of words (its analyzed words joined with OR,
/// no aliases, top 1,000), and trec_eval's nDCG@10, recall@100 and MAP are averaged over the queries with at least
/// one relevant document. A query that finds nothing counts as 0, as with <c>trec_eval -c</c>; one whose search fails
/// (past its time limit) stops the eval.
/// </summary>
public sealed class Evaluator(TimeProvider clock)
{
    public const int Depth = SearchRequest.MaxLimit;

    public EvaluationResult Run(string folder, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken) =>
        Run(folder, [SearchMode.Lexical], progress, cancellationToken)[0];

    /// <summary>
    /// The measures for each of <paramref name="modes"/> over one temporary archive: the corpus is ingested once and,
    /// when a mode uses meaning, embedded once (English texts; the rest stay lexical), then every query runs in each
    /// mode.
    /// </summary>
    public IReadOnlyList<EvaluationResult> Run(string folder, IReadOnlyList<SearchMode> modes, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modes);
        var total = Stopwatch.StartNew();
        var data = BeirDataset.Load(folder);
        var root = Path.Combine(Path.GetTempPath(), "archive-eval-" + Guid.NewGuid().ToString("N"));
        var results = new List<EvaluationResult>();
        try
        {
            var indexing = Stopwatch.StartNew();
            var layout = new ArchiveLayout(root);
            ArchiveCore.Initialize(layout, clock);
            using var archive = ArchiveCore.Open(layout, clock);
            var (corpusIds, rejected) = Ingest(archive, data.Documents, progress, cancellationToken);
            indexing.Stop();
            var embedding = Stopwatch.StartNew();
            if (modes.Any(m => m != SearchMode.Lexical))
            {
                archive.Semantic.EmbedWaiting(progress is null ? null : new EmbeddingProgress(progress), cancellationToken);
            }

            embedding.Stop();
            var searcher = archive.Searcher;
            var texts = data.Queries.ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
            var judged = data.Judgments.Where(j => TrecEval.Relevant(j.Value) > 0 && texts.ContainsKey(j.Key)).OrderBy(j => j.Key, StringComparer.Ordinal).ToList();
            foreach (var mode in modes)
            {
                var searching = Stopwatch.StartNew();
                var stage = modes.Count == 1 ? "searching" : "searching (" + Name(mode) + ")";
                var scores = new (double Ndcg, double Recall, double Map)[judged.Count];
                var done = 0;
                var gate = new Lock();
                // The queries are independent: they run on every core, and their measures are summed in query order
                // afterwards, so the averages do not depend on which finished first.
                try
                {
                    Parallel.For(0, judged.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
                    {
                        var (queryId, judgments) = judged[i];
                        var words = BagOfWords(archive.Index.Analyzer, texts[queryId], withoutStopwords: mode == SearchMode.Lexical);
                        // A question with no word to search finds nothing; a search that fails (its time limit on a busy
                        // machine) stops the eval, as counting it as finding nothing would lower the measures unseen.
                        // The ranking alone: the hits' catalog details are not needed to score it.
                        var (response, ranked) = words.Length == 0 ? (null, []) : searcher.Rank(new SearchRequest(words, Depth, UseAliases: false, PassagesPerHit: 0, Explain: false, Mode: mode), details: false, cancellationToken);
                        if (response?.Error is { } error)
                        {
                            throw new ArchiveException(ArchiveErrorKind.NeedsAction, $"query {queryId} failed, so the measures would be wrong: {error.Message}");
                        }

                        var ranking = TrecEval.Order(ranked.SelectMany(h => corpusIds[h.RowId].Select(id => (id, Math.Round(h.Score, 6))))).Take(Depth).ToList();
                        scores[i] = (TrecEval.NdcgCut(ranking, judgments, 10), TrecEval.Recall(ranking, judgments, 100), TrecEval.AveragePrecision(ranking, judgments));
                        lock (gate)
                        {
                            progress?.Report(new EvaluationProgress(stage, ++done, judged.Count));
                        }
                    });
                }
                catch (AggregateException ex)
                {
                    // The first failure leaves as it did when the queries ran one by one (several queries can fail at
                    // once for one cause, an unreadable index say); the loop starts no query after a failure.
                    ExceptionDispatchInfo.Throw(ex.Flatten().InnerExceptions[0]);
                }

                double ndcg = 0, recall = 0, map = 0;
                foreach (var score in scores)
                {
                    ndcg += score.Ndcg;
                    recall += score.Recall;
                    map += score.Map;
                }

                var n = Math.Max(1, judged.Count);
                results.Add(new EvaluationResult(ndcg / n, recall / n, map / n, judged.Count, data.Documents.Count, rejected, indexing.Elapsed.TotalSeconds, searching.Elapsed.TotalSeconds, 0)
                {
                    Mode = Name(mode),
                    EmbedSeconds = mode == SearchMode.Lexical ? 0 : embedding.Elapsed.TotalSeconds,
                });
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Left under the temp folder; nothing in it is needed again.
            }
        }

        return [.. results.Select(r => r with { Seconds = total.Elapsed.TotalSeconds })];
    }

    private static string Name(SearchMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>
    /// The query's analyzed words, each escaped, joined with OR, within the parser's limits: BM25 over all the
    /// query's terms, as Anserini's bag-of-words query does. <paramref name="withoutStopwords"/> leaves out Lucene's
    /// English stopwords ("the", "of", "is" …), as Anserini's English analysis does, unless the question has no other
    /// word: the index keeps them (phrases need them), so left in they add a little score to nearly every document.
    /// Only the lexical mode drops them; the modes by meaning embed the question's every word, as they were measured.
    /// </summary>
    internal static string BagOfWords(Analyzer analyzer, string text, bool withoutStopwords = true)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var limits = QueryParserOptions.Default;
        var query = new StringBuilder();
        var clauses = 0;
        var tokens = analyzer.Tokenize(text);
        var stopwords = Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet;
        var words = withoutStopwords ? tokens.Where(t => !stopwords.Contains(t.Term)).ToList() : tokens;
        foreach (var token in words.Count > 0 ? words : tokens)
        {
            var term = QueryText.EscapeTerm(token.Term);
            if (++clauses > limits.MaxClauses || query.Length + term.Length + 4 > limits.MaxLength)
            {
                break;
            }

            query.Append(query.Length == 0 ? string.Empty : " OR ").Append(term);
        }

        return query.ToString();
    }

    /// <summary>
    /// Ingests each document as a .txt would be, with its title as a sidecar would give it, straight from memory;
    /// returns corpus ids by capture rowid.
    /// </summary>
    private static (Dictionary<long, List<string>> CorpusIds, int Rejected) Ingest(
        ArchiveCore archive, IReadOnlyList<BeirDocument> documents, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var utf8 = new UTF8Encoding(false);
        var title = MetadataField.Find("title")!;
        var byPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = new List<IngestItem>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            var name = i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture) + ".txt";
            var body = document.Title.Length == 0 ? document.Text : document.Title + "\n\n" + document.Text;
            var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            if (document.Title.Trim().Length > 0)
            {
                fields["title"] = new FieldValue(FieldParser.ParseText(title, document.Title.Trim()), FieldOrigin.Sidecar(name + SidecarReader.Suffix));
            }

            items.Add(new IngestItem(name, utf8.GetBytes(body), fields));
            byPath[name] = document.Id;
        }

        var outcomes = archive.Ingestor.Ingest(items, "eval", progress is null ? null : new IndexingProgress(progress), cancellationToken);
        Dictionary<string, long> rows;
        using (var connection = archive.Database.Open())
        {
            rows = CatalogQueries.RowIds(connection);
        }

        var corpusIds = new Dictionary<long, List<string>>();
        var rejected = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.CaptureId is not { } captureId || !byPath.TryGetValue(outcome.Path, out var corpusId))
            {
                rejected++;
                continue;
            }

            var row = rows[captureId.Value];
            if (!corpusIds.TryGetValue(row, out var ids))
            {
                corpusIds[row] = ids = [];
            }

            ids.Add(corpusId);
        }

        return (corpusIds, rejected);
    }

    /// <summary>Passes embedding progress on as it happens.</summary>
    private sealed class EmbeddingProgress(IProgress<EvaluationProgress> target) : IProgress<Search.Semantic.EmbedProgress>
    {
        public void Report(Search.Semantic.EmbedProgress value) => target.Report(new EvaluationProgress("embedding", value.Done, value.Total));
    }

    /// <summary>Passes ingest progress on as it happens (a <see cref="Progress{T}"/> would report later, on the thread pool).</summary>
    private sealed class IndexingProgress(IProgress<EvaluationProgress> target) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => target.Report(new EvaluationProgress("indexing", value.Done, value.Total));
    }
}
