using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Counts every match and the facets over the whole result set (by ordinal per segment, read from the doc values or,
/// for a segment a search has collected much of, from its <see cref="SegmentColumns"/>), and keeps the
/// matches a page needs: the first <c>keep</c> in <c>order</c> (rowid, score and published date), or every match when
/// <c>keep</c> is negative (a ranking that re-orders them all). Checks the cancellation token at every segment and every
/// few thousand documents, so a search stops inside Lucene when its time is up.
/// </summary>
/// <remarks>
/// Keeping only the first ones in a bounded heap, instead of every match for a full sort, is what makes a query that
/// matches most of the archive cheap: no list of every match (a large-object allocation) and no sort of it.
/// </remarks>
internal sealed class MatchCollector : ICollector
{
    private readonly int _keep;
    private readonly Comparison<(long RowId, float Score, string? Published)> _order;
    private readonly CancellationToken _cancellationToken;
    private readonly IReadOnlySet<long>? _alsoKeep;

    // Matches among alsoKeep, kept whatever their rank (also when among the top).
    private readonly List<(long RowId, float Score, string? Published)> _also = [];

    // The kept matches, the one that would be dropped first at the root.
    private readonly PriorityQueue<(long RowId, float Score, string? Published), (long RowId, float Score, string? Published)> _top;

    private readonly Dictionary<string, int> _publishers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _languages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _years = new(StringComparer.Ordinal);
    private Scorer? _scorer;
    private AtomicReader? _reader;
    private NumericDocValues? _rowIds;
    private SortedDocValues? _published;

    // The segment's values as arrays (SegmentColumns), once made; until then they are read from its doc values, and
    // the copy is made when this search has collected _copyAfter of the segment's documents.
    private SegmentColumns? _columns;
    private int _copyAfter;
    private int _inSegment;
    private readonly int[] _unknown = new int[4];
    private Segment? _segment;
    private int _seen;

    public MatchCollector(int keep, Comparison<(long RowId, float Score, string? Published)> order, CancellationToken cancellationToken, IReadOnlySet<long>? alsoKeep = null)
    {
        _keep = keep;
        _order = order;
        _cancellationToken = cancellationToken;
        _alsoKeep = alsoKeep;
        _top = new(Math.Clamp(keep, 0, 1024), Comparer<(long RowId, float Score, string? Published)>.Create((a, b) => order(b, a)));
    }

    /// <summary>A segment's values are copied into arrays once a search has collected this many of its documents, or an eighth of those it is to collect if more.</summary>
    private const int CopyAfterAtLeast = 4096;

    /// <summary>How many documents matched.</summary>
    public int Total { get; private set; }

    /// <summary>The matches whose row id was in the set given as <c>alsoKeep</c>, in the order they were collected.</summary>
    public IReadOnlyList<(long RowId, float Score, string? Published)> AlsoKept => _also;

    /// <summary>The kept matches in <c>order</c>: rowid, score and published date as stored (null when it has none).</summary>
    public List<(long RowId, float Score, string? Published)> Matches()
    {
        if (_keep < 0)
        {
            _all.Sort(_order);
            return _all;
        }

        var sorted = new List<(long RowId, float Score, string? Published)>(_top.Count);
        foreach (var (match, _) in _top.UnorderedItems)
        {
            sorted.Add(match);
        }

        sorted.Sort(_order);
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
        SetNextReader(context, context.AtomicReader.MaxDoc);
    }

    /// <summary>Starts a segment of which <paramref name="documents"/> documents are to be collected here (a part of it, in <see cref="PartitionedSearch"/>).</summary>
    public void SetNextReader(AtomicReaderContext context, int documents)
    {
        ArgumentNullException.ThrowIfNull(context);
        _cancellationToken.ThrowIfCancellationRequested();
        Flush();
        var reader = _reader = context.AtomicReader;
        _rowIds = reader.GetNumericDocValues(IndexFields.RowId);
        _published = reader.GetSortedDocValues(IndexFields.Published);
        _columns = SegmentColumns.Find(reader);
        _copyAfter = Math.Max(CopyAfterAtLeast, documents / 8);
        _inSegment = 0;
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
            _cancellationToken.ThrowIfCancellationRequested();
        }

        Total++;
        if (_columns is null && ++_inSegment >= _copyAfter)
        {
            _columns = SegmentColumns.Get(_reader!, _cancellationToken);
        }

        int published;
        long rowId;
        if (_columns is { } columns)
        {
            published = columns.Published[doc];
            rowId = columns.RowIds[doc];
            _segment!.Count(columns.Publisher[doc], columns.Type[doc], columns.Language[doc], published);
        }
        else
        {
            published = _published?.GetOrd(doc) ?? SegmentColumns.None;
            rowId = _rowIds?.Get(doc) ?? -1;
            _segment!.Count(_segment.Publisher.Ordinal(doc), _segment.Type.Ordinal(doc), _segment.Language.Ordinal(doc), published);
        }

        if (_keep == 0)
        {
            return;
        }

        var match = (rowId, _scorer?.GetScore() ?? 0, published < 0 ? null : _segment.Year.Value(published));
        if (_alsoKeep is not null && _alsoKeep.Contains(match.Item1))
        {
            _also.Add(match);
        }

        if (_keep < 0)
        {
            _all.Add(match);
        }
        else if (_top.Count < _keep)
        {
            _top.Enqueue(match, match);
        }
        else if (_order(match, _top.Peek()) < 0)
        {
            _top.DequeueEnqueue(match, match);
        }
    }

    /// <summary>
    /// What several collectors found over disjoint parts of the index (<see cref="PartitionedSearch"/>), as one
    /// collector over the whole would have: the first <c>keep</c> of their matches in <c>order</c> (a total order, so
    /// the same ones), the sum of their totals and facet counts, and every match among <c>alsoKeep</c>.
    /// </summary>
    public static MatchCollector Merge(IReadOnlyList<MatchCollector> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var first = parts[0];
        var merged = new MatchCollector(-1, first._order, first._cancellationToken, first._alsoKeep);
        foreach (var part in parts)
        {
            part.Flush(); // nothing left when the part was finished on its own thread, as it must be

            merged.Total += part.Total;
            merged._all.AddRange(part.Matches());
            merged._also.AddRange(part._also);
            Add(merged._publishers, part._publishers);
            Add(merged._types, part._types);
            Add(merged._languages, part._languages);
            Add(merged._years, part._years);
            for (var i = 0; i < merged._unknown.Length; i++)
            {
                merged._unknown[i] += part._unknown[i];
            }
        }

        merged._all.Sort(first._order);
        if (first._keep >= 0 && merged._all.Count > first._keep)
        {
            merged._all.RemoveRange(first._keep, merged._all.Count - first._keep);
        }

        return merged;

        static void Add(Dictionary<string, int> totals, Dictionary<string, int> counts)
        {
            foreach (var (value, count) in counts)
            {
                totals[value] = totals.GetValueOrDefault(value) + count;
            }
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

    /// <summary>
    /// Turns the last segment's counts into facet values. Must run on the thread that collected: each thread reads its
    /// own instance of a segment's doc values, and looking values up on another thread's instance would move its
    /// file position under it.
    /// </summary>
    public void Finish() => Flush();

    private void Flush()
    {
        _segment?.Flush();
        _segment = null;
    }

    private sealed record Segment(Facet Publisher, Facet Type, Facet Language, Facet Year)
    {
        public void Count(int publisher, int type, int language, int published)
        {
            Publisher.Count(publisher);
            Type.Count(type);
            Language.Count(language);
            Year.Count(published);
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

        /// <summary>The document's ordinal in this facet's values, read from the doc values; <see cref="SegmentColumns.None"/> for none.</summary>
        public int Ordinal(int doc) => values?.GetOrd(doc) ?? SegmentColumns.None;

        public void Count(int ord)
        {
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
