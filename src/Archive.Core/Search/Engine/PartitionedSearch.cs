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
    /// </summary>
    public static MatchCollector Search(IndexSearcher searcher, LuceneQuery query, Func<MatchCollector> collector, int parts, int minDocuments = MinDocumentsPerPart)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(collector);
        var leaves = searcher.IndexReader.Leaves;
        var documents = leaves.Sum(l => (long)l.AtomicReader.MaxDoc);
        var count = (int)Math.Clamp(documents / Math.Max(1, minDocuments), 1, Math.Max(1, parts));
        if (count == 1)
        {
            var whole = collector();
            searcher.Search(query, whole);
            return whole;
        }

        var weight = searcher.CreateNormalizedWeight(query);
        var ranges = Ranges(leaves, documents, count);
        var collectors = ranges.Select(_ => collector()).ToArray();
        var others = new Task[count - 1];
        for (var i = 1; i < count; i++)
        {
            var part = i;
            others[i - 1] = Task.Run(() => Collect(weight, ranges[part], collectors[part]));
        }

        Exception? failed = null;
        try
        {
            Collect(weight, ranges[0], collectors[0]);
        }
        catch (Exception ex)
        {
            failed = ex;
        }

        // Every range ends before the searcher goes back to its manager; the first failure (a time-out, say) is rethrown as itself.
        try
        {
            Task.WaitAll(others);
        }
        catch (AggregateException ex)
        {
            failed ??= ex.InnerExceptions[0];
        }

        if (failed is not null)
        {
            ExceptionDispatchInfo.Capture(failed).Throw();
        }

        return MatchCollector.Merge(collectors);
    }

    /// <summary>One part of the work: documents [<c>Start</c>, <c>End</c>) of one segment.</summary>
    internal readonly record struct Piece(AtomicReaderContext Leaf, int Start, int End);

    /// <summary>The index's documents cut into <paramref name="count"/> runs of consecutive pieces, of about <paramref name="documents"/> / <paramref name="count"/> documents each.</summary>
    internal static List<Piece>[] Ranges(IList<AtomicReaderContext> leaves, long documents, int count)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var ranges = Enumerable.Range(0, count).Select(_ => new List<Piece>()).ToArray();
        var share = (documents + count - 1) / count;
        var (part, filled) = (0, 0L);
        foreach (var leaf in leaves)
        {
            var start = 0;
            var maxDoc = leaf.AtomicReader.MaxDoc;
            while (start < maxDoc)
            {
                var take = (int)Math.Min(maxDoc - start, share - filled);
                if (part == count - 1)
                {
                    take = maxDoc - start;
                }

                ranges[part].Add(new Piece(leaf, start, start + take));
                (start, filled) = (start + take, filled + take);
                if (filled >= share && part < count - 1)
                {
                    (part, filled) = (part + 1, 0);
                }
            }
        }

        return ranges;
    }

    /// <summary>Scores and collects each piece: what <see cref="IndexSearcher"/> does for a whole segment, from a first document on.</summary>
    private static void Collect(Weight weight, List<Piece> pieces, MatchCollector collector)
    {
        foreach (var (leaf, start, end) in pieces)
        {
            collector.SetNextReader(leaf);
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
    }
}
