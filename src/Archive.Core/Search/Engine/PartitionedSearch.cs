using System.Runtime.ExceptionServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Runs one query on several cores: the index's documents are cut into contiguous ranges of about equal size (across
/// segments, and inside a large one), each range is scored and collected by its own <see cref="MatchCollector"/> on its
/// own thread, and the collectors are merged. A query that matches most of a large archive is bounded by scoring every
/// match (Lucene 4 has no way to skip the ones that cannot reach the page, and facets need them all anyway), so this is
/// what shortens it. Every range scores with the same weight, so scores, order, totals and facets are those of one
/// collector over the whole index (a test compares them).
/// </summary>
internal static class PartitionedSearch
{
    /// <summary>An index with fewer documents per core than this is searched on one thread: a task costs more than it saves.</summary>
    public const int MinDocumentsPerPart = 32_768;

    /// <summary>
    /// Searches <paramref name="query"/> with a collector from <paramref name="collector"/> per range, at most
    /// <paramref name="parts"/> ranges of at least <paramref name="minDocuments"/> documents each, and merges them.
    /// Each collector is given a token that stops every range when <paramref name="cancellationToken"/> fires or
    /// another range fails; the first failure that is not that stop is thrown, as itself.
    /// </summary>
    public static MatchCollector Search(IndexSearcher searcher, LuceneQuery query, Func<CancellationToken, MatchCollector> collector, int parts, CancellationToken cancellationToken, int minDocuments = MinDocumentsPerPart)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(collector);
        var leaves = searcher.IndexReader.Leaves;
        var documents = leaves.Sum(l => (long)l.AtomicReader.MaxDoc);
        var count = (int)Math.Clamp(documents / Math.Max(1, minDocuments), 1, Math.Max(1, parts));
        if (count == 1)
        {
            var whole = collector(cancellationToken);
            searcher.Search(query, whole);
            return whole;
        }

        var weight = searcher.CreateNormalizedWeight(query);
        var ranges = Ranges(leaves, documents, count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collectors = ranges.Select(_ => collector(stop.Token)).ToArray();
        var failures = new Exception?[count];
        void Run(int part)
        {
            try
            {
                Collect(weight, ranges[part], collectors[part]);
            }
            catch (Exception ex)
            {
                failures[part] = ex;
                stop.Cancel();
            }
        }

        var others = new Task[count - 1];
        for (var i = 1; i < count; i++)
        {
            var part = i;
            others[i - 1] = Task.Run(() => Run(part));
        }

        // Every range ends before the searcher goes back to its manager.
        Run(0);
        Task.WaitAll(others);
        var failed = failures.FirstOrDefault(f => f is not null and not OperationCanceledException) ?? failures.FirstOrDefault(f => f is not null);
        if (failed is not null)
        {
            ExceptionDispatchInfo.Capture(failed).Throw();
        }

        return MatchCollector.Merge(collectors);
    }

    /// <summary>One part of the work: documents [<c>Start</c>, <c>End</c>) of one segment.</summary>
    internal readonly record struct Piece(AtomicReaderContext Leaf, int Start, int End);

    /// <summary>
    /// The index's documents cut into <paramref name="count"/> runs of consecutive pieces: run k holds the documents
    /// from k × <paramref name="documents"/> / <paramref name="count"/> (rounded down) to the next run's start, so
    /// runs differ in size by one document at most.
    /// </summary>
    internal static List<Piece>[] Ranges(IList<AtomicReaderContext> leaves, long documents, int count)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var ranges = Enumerable.Range(0, count).Select(_ => new List<Piece>()).ToArray();
        long Boundary(int part) => part * documents / count;
        foreach (var leaf in leaves)
        {
            long first = leaf.DocBase;
            var end = first + leaf.AtomicReader.MaxDoc;
            for (var part = 0; part < count; part++)
            {
                var (from, to) = (Math.Max(first, Boundary(part)), Math.Min(end, Boundary(part + 1)));
                if (from < to)
                {
                    ranges[part].Add(new Piece(leaf, (int)(from - first), (int)(to - first)));
                }
            }
        }

        return ranges;
    }

    /// <summary>
    /// Scores and collects each piece, what <see cref="IndexSearcher"/> does for a whole segment, from a first
    /// document on; then turns the last segment's counts into values on this thread, which owns its doc values.
    /// </summary>
    private static void Collect(Weight weight, List<Piece> pieces, MatchCollector collector)
    {
        foreach (var (leaf, start, end) in pieces)
        {
            collector.SetNextReader(leaf, end - start);
            var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            if (scorer is null)
            {
                continue;
            }

            collector.SetScorer(scorer);
            for (var doc = start == 0 ? scorer.NextDoc() : scorer.Advance(start); doc < end; doc = scorer.NextDoc())
            {
                collector.Collect(doc);
            }
        }

        collector.Finish();
    }
}
