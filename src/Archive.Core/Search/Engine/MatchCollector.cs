using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Collects every match (not only the top ones): its rowid, score and published date for sorting and paging, and
/// the facet counts over the whole result set, counted by doc-value ordinal per segment. Checks the cancellation
/// token every few thousand documents, so a search stops inside Lucene when its time is up.
/// </summary>
internal sealed class MatchCollector(CancellationToken cancellationToken) : ICollector
{
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

    /// <summary>Every match: rowid, score and published date as stored (null when it has none).</summary>
    public List<(long RowId, float Score, string? Published)> Matches { get; } = [];

    public bool AcceptsDocsOutOfOrder => true;

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

        var published = _published is null ? -1 : _published.GetOrd(doc);
        Matches.Add((_rowIds?.Get(doc) ?? -1, _scorer?.GetScore() ?? 0, published < 0 ? null : _segment!.Year.Value(published)));
        _segment!.Count(doc);
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
