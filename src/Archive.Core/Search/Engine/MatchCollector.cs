using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Counts every match and the facets over the whole result set (by doc-value ordinal per segment), and keeps the
/// matches a page needs: the first <c>keep</c> in <c>order</c> (rowid, score and published date), or every match when
/// <c>keep</c> is negative (a ranking that re-orders them all). Checks the cancellation token every few thousand
/// documents, so a search stops inside Lucene when its time is up.
/// </summary>
/// <remarks>
/// Keeping only the first ones in a bounded heap, instead of every match for a full sort, is what makes a query that
/// matches most of the archive cheap: no list of every match (a large-object allocation) and no sort of it.
/// </remarks>
internal sealed class MatchCollector(int keep, Comparison<(long RowId, float Score, string? Published)> order, CancellationToken cancellationToken, IReadOnlySet<long>? alsoKeep = null) : ICollector
{
    // Matches among alsoKeep, kept whatever their rank (also when among the top).
    private readonly List<(long RowId, float Score, string? Published)> _also = [];

    // The kept matches, the one that would be dropped first at the root.
    private readonly PriorityQueue<(long RowId, float Score, string? Published), (long RowId, float Score, string? Published)> _top =
        new(Math.Clamp(keep, 0, 1024), Comparer<(long RowId, float Score, string? Published)>.Create((a, b) => order(b, a)));

    private readonly Dictionary<string, int> _publishers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _languages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _years = new(StringComparer.Ordinal);
    private Scorer? _scorer;
    private NumericDocValues? _rowIds;
    private SortedDocValues? _published;
    private readonly int[] _unknown = new int[4];
    private Segment? _segment;
    private int _seen;

    /// <summary>How many documents matched.</summary>
    public int Total { get; private set; }

    /// <summary>The kept matches in <c>order</c>: rowid, score and published date as stored (null when it has none).</summary>
    /// <summary>The matches whose row id was in the set given as <c>alsoKeep</c>, in the order they were collected.</summary>
    public IReadOnlyList<(long RowId, float Score, string? Published)> AlsoKept => _also;

    public List<(long RowId, float Score, string? Published)> Matches()
    {
        if (keep < 0)
        {
            _all.Sort(order);
            return _all;
        }

        var sorted = new List<(long RowId, float Score, string? Published)>(_top.Count);
        while (_top.TryDequeue(out var match, out _))
        {
            sorted.Add(match);
        }

        sorted.Reverse();
        return sorted;
    }

    private readonly List<(long RowId, float Score, string? Published)> _all = [];

    /// <summary>
    /// False, though the order kept does not depend on the order collected: Archive's query always has a required
    /// clause, so Lucene scores it in order anyway, and a collector that accepts any order first makes Lucene build (and
    /// then throw away) an out-of-order scorer, with a 2,048-bucket table, for every nested disjunction in every segment.
    /// </summary>
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Flush();
        var reader = context.AtomicReader;
        _rowIds = reader.GetNumericDocValues(IndexFields.RowId);
        _published = reader.GetSortedDocValues(IndexFields.Published);
        _segment = new Segment(
            new Facet(reader.GetSortedDocValues(IndexFields.Publisher), _publishers, v => v, _unknown, 0),
            new Facet(reader.GetSortedDocValues(IndexFields.Type), _types, v => v, _unknown, 1),
            new Facet(reader.GetSortedDocValues(IndexFields.Language), _languages, v => v, _unknown, 2),
            new Facet(_published, _years, v => v.Length >= 4 ? v[..4] : null, _unknown, 3));
    }

    public void Collect(int doc)
    {
        if ((++_seen & 4095) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        Total++;
        _segment!.Count(doc);
        if (keep == 0)
        {
            return;
        }

        var published = _published is null ? -1 : _published.GetOrd(doc);
        var match = (_rowIds?.Get(doc) ?? -1, _scorer?.GetScore() ?? 0, published < 0 ? null : _segment!.Year.Value(published));
        if (alsoKeep is not null && alsoKeep.Contains(match.Item1))
        {
            _also.Add(match);
        }

        if (keep < 0)
        {
            _all.Add(match);
        }
        else if (_top.Count < keep)
        {
            _top.Enqueue(match, match);
        }
        else if (order(match, _top.Peek()) < 0)
        {
            _top.DequeueEnqueue(match, match);
        }
    }

    /// <summary>The facets over every match, most frequent first, at most 50 values each.</summary>
    public SearchFacets Facets()
    {
        Flush();
        static List<FacetValue> Top(Dictionary<string, int> counts) => counts
            .Select(c => new FacetValue(c.Key, c.Value))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .Take(50)
            .ToList();
        return new SearchFacets(Top(_publishers), Top(_types), Top(_languages), Top(_years))
        {
            Unknown = new UnknownCounts(_unknown[0], _unknown[1], _unknown[2], _unknown[3]),
        };
    }

    private void Flush()
    {
        _segment?.Flush();
        _segment = null;
    }

    private sealed record Segment(Facet Publisher, Facet Type, Facet Language, Facet Year)
    {
        public void Count(int doc)
        {
            Publisher.Count(doc);
            Type.Count(doc);
            Language.Count(doc);
            Year.Count(doc);
        }

        public void Flush()
        {
            Publisher.Flush();
            Type.Flush();
            Language.Flush();
            Year.Flush();
        }
    }

    /// <summary>
    /// One facet in one segment: counts by ordinal, turned into values when the segment ends; a document with no
    /// value counts in <paramref name="unknown"/>[<paramref name="slot"/>].
    /// </summary>
    private sealed class Facet(SortedDocValues? values, Dictionary<string, int> totals, Func<string, string?> bucket, int[] unknown, int slot)
    {
        private readonly int[] _counts = new int[values?.ValueCount ?? 0];
        private readonly string?[] _strings = new string?[values?.ValueCount ?? 0];

        public void Count(int doc)
        {
            var ord = values?.GetOrd(doc) ?? -1;
            if (ord >= 0)
            {
                _counts[ord]++;
            }
            else
            {
                unknown[slot]++;
            }
        }

        public string Value(int ord)
        {
            if (_strings[ord] is { } known)
            {
                return known;
            }

            var bytes = new BytesRef();
            values!.LookupOrd(ord, bytes);
            return _strings[ord] = bytes.Utf8ToString();
        }

        public void Flush()
        {
            for (var ord = 0; ord < _counts.Length; ord++)
            {
                if (_counts[ord] > 0 && bucket(Value(ord)) is { Length: > 0 } key)
                {
                    totals[key] = totals.GetValueOrDefault(key) + _counts[ord];
                }
            }
        }
    }
}
