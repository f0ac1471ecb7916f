using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Every chunk vector in memory, one contiguous array of int8 numbers with a scale per vector (a quarter of the
/// float32 size: 38 MB at 100,000 chunks of 384 numbers), scanned exactly with SIMD integer dot products against the
/// query in 16 bits. The vectors are unit length, so the dot product is the cosine. With an <see cref="HnswIndex"/>
/// attached (a large store in a long-running process) a query asks the index for the nearest chunks instead and
/// scores only their texts exactly; chunks the index does not hold yet are scanned.
/// </summary>
internal sealed class VectorSet
{
    /// <summary>The integer dot product stays inside 32 bits up to this many numbers a vector.</summary>
    private const int MaxDimensions = 2048;

    private readonly List<string> _texts;
    private readonly Dictionary<string, int> _textIndex;
    private readonly List<int> _firstChunk = [];
    private readonly List<int> _lastChunk = [];
    private readonly Dictionary<long, int> _chunkOfRow = [];
    private sbyte[] _vectors;
    private float[] _scales;
    private long[] _rowIds;
    private int[] _textOf;
    private int[] _nextChunk;
    private int[] _starts;
    private int[] _ends;
    private Lookup? _lookup;

    /// <summary>An empty set to <see cref="Append"/> to, with room for <paramref name="capacity"/> chunks.</summary>
    public VectorSet(int dimensions, int capacity)
    {
        if (dimensions is <= 0 or > MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"1 to {MaxDimensions} numbers a vector");
        }

        Dimensions = dimensions;
        var room = Math.Max(capacity, 16);
        _vectors = new sbyte[(long)room * dimensions];
        _scales = new float[room];
        _rowIds = new long[room];
        _textOf = new int[room];
        _nextChunk = new int[room];
        _starts = new int[room];
        _ends = new int[room];
        _textIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        _texts = [];
    }

    public static VectorSet Empty(int dimensions) => new(dimensions, 0);

    public int Dimensions { get; }

    public int Chunks { get; private set; }

    public int Texts => _texts.Count;

    /// <summary>The highest store rowid among the chunks (0 when empty).</summary>
    public long LastRowId { get; private set; }

    /// <summary>Whether queries go through an HNSW index.</summary>
    public bool Approximate => _lookup is not null;

    /// <summary>Bytes the vectors and their bookkeeping take in managed memory (not the HNSW index).</summary>
    public long Bytes => _vectors.LongLength + (_scales.LongLength * (sizeof(float) + sizeof(long) + (4 * sizeof(int))));

    /// <summary>Adds one chunk (while the set is being built, before any query): its store rowid, text, range and unit vector.</summary>
    public void Append(long rowId, string textSha256, int start, int end, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"a vector of {vector.Length} numbers where the set holds {Dimensions}", nameof(vector));
        }

        var chunk = Reserve(rowId, textSha256, start, end);
        _scales[chunk] = Quantize(vector, _vectors.AsSpan(chunk * Dimensions, Dimensions));
    }

    /// <summary>Adds every chunk of another set (building a grown copy; the other set stays as it was).</summary>
    public void AppendAll(VectorSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other.Chunks; i++)
        {
            var chunk = Reserve(other._rowIds[i], other._texts[other._textOf[i]], other._starts[i], other._ends[i]);
            other._vectors.AsSpan(i * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(chunk * Dimensions, Dimensions));
            _scales[chunk] = other._scales[i];
        }
    }

    /// <summary>Queries go through <paramref name="index"/> from now on; the chunks it does not hold yet are scanned.</summary>
    public void Attach(HnswIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var covered = index.LastRowId;
        // One reference swapped whole, so a query running meanwhile sees the index with its own list of the rest.
        _lookup = new Lookup(index, [.. Enumerable.Range(0, Chunks).Where(i => _rowIds[i] > covered)]);
    }

    /// <summary>Whether a text has vectors.</summary>
    public bool Has(string textSha256) => _textIndex.ContainsKey(textSha256);

    /// <summary>
    /// The best chunk of every text for a unit query vector: an exact scan of all chunks, or, with an index attached,
    /// the texts of the index's nearest chunks (at least <paramref name="wanted"/> texts are looked for), each scored
    /// exactly; any other text is scored when asked for.
    /// </summary>
    public MeaningScores Score(float[] query, int wanted = MeaningRanking.Candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"a query vector of {query.Length} numbers where the store holds {Dimensions}", nameof(query));
        }

        var q = QueryVector.From(query);
        if (_lookup is { } lookup && lookup.Index.Nearest(q.Narrow, Math.Max(4 * wanted, 256)) is { } rows)
        {
            return Approximately(q, rows, lookup.Uncovered, cancellationToken);
        }

        var best = new float[_texts.Count];
        var bestChunk = new int[_texts.Count];
        Array.Fill(best, float.NegativeInfinity);
        for (var i = 0; i < Chunks; i++)
        {
            if ((i & 8191) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var similarity = Similarity(i, q);
            var t = _textOf[i];
            if (similarity > best[t])
            {
                best[t] = similarity;
                bestChunk[t] = i;
            }
        }

        return new MeaningScores(this, q, best, bestChunk, null);
    }

    private MeaningScores Approximately(QueryVector q, IReadOnlyList<long> rows, int[] uncovered, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<int>();
        foreach (var row in rows)
        {
            if (_chunkOfRow.TryGetValue(row, out var chunk))
            {
                candidates.Add(_textOf[chunk]);
            }
        }

        foreach (var chunk in uncovered)
        {
            candidates.Add(_textOf[chunk]);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var best = new float[_texts.Count];
        var bestChunk = new int[_texts.Count];
        Array.Fill(best, float.NaN);
        foreach (var t in candidates)
        {
            (best[t], bestChunk[t]) = BestOf(t, q);
        }

        return new MeaningScores(this, q, best, bestChunk, [.. candidates.Order()]);
    }

    /// <summary>A text's best chunk for a query, scored exactly.</summary>
    internal (float Similarity, int Chunk) BestOf(int text, QueryVector query)
    {
        var best = float.NegativeInfinity;
        var bestChunk = -1;
        for (var i = _firstChunk[text]; i >= 0; i = _nextChunk[i])
        {
            var similarity = Similarity(i, query);
            if (similarity > best)
            {
                (best, bestChunk) = (similarity, i);
            }
        }

        return (best, bestChunk);
    }

    /// <summary>The text SHA-256 of a text by its number in this set.</summary>
    internal string TextAt(int text) => _texts[text];

    /// <summary>The number of a text in this set, or -1.</summary>
    internal int IndexOf(string textSha256) => _textIndex.TryGetValue(textSha256, out var t) ? t : -1;

    /// <summary>A chunk's code-point range.</summary>
    internal (int Start, int End) RangeOf(int chunk) => (_starts[chunk], _ends[chunk]);

    /// <summary>A chunk's store rowid.</summary>
    internal long RowIdOf(int chunk) => _rowIds[chunk];

    /// <summary>A chunk's vector in int8 (its scale does not matter to a cosine).</summary>
    internal ReadOnlySpan<sbyte> RawOf(int chunk) => _vectors.AsSpan(chunk * Dimensions, Dimensions);

    /// <summary>The mean of a text's chunk vectors, made unit length: what the text is about as a whole; null when it has none.</summary>
    public float[]? Centroid(string textSha256)
    {
        if (!_textIndex.TryGetValue(textSha256, out var t))
        {
            return null;
        }

        var sum = new float[Dimensions];
        for (var i = _firstChunk[t]; i >= 0; i = _nextChunk[i])
        {
            var vector = _vectors.AsSpan(i * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                sum[d] += vector[d] * _scales[i];
            }
        }

        var norm = 0f;
        foreach (var x in sum)
        {
            norm += x * x;
        }

        norm = MathF.Sqrt(norm);
        if (norm > 0)
        {
            for (var d = 0; d < Dimensions; d++)
            {
                sum[d] /= norm;
            }
        }

        return sum;
    }

    /// <summary>Writes <paramref name="vector"/> as int8 (each number over the largest in size, times 127) and returns the scale back.</summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> into)
    {
        var largest = 0f;
        foreach (var x in vector)
        {
            largest = Math.Max(largest, Math.Abs(x));
        }

        var scale = largest > 0 ? largest / sbyte.MaxValue : 1;
        for (var i = 0; i < vector.Length; i++)
        {
            into[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -sbyte.MaxValue, sbyte.MaxValue);
        }

        return scale;
    }

    private float Similarity(int chunk, QueryVector query) =>
        Dot(_vectors.AsSpan(chunk * Dimensions, Dimensions), query.Wide) * query.Scale * _scales[chunk];

    private int Reserve(long rowId, string textSha256, int start, int end)
    {
        if (Chunks == _textOf.Length)
        {
            var grown = _textOf.Length * 2;
            Array.Resize(ref _vectors, grown * Dimensions);
            Array.Resize(ref _scales, grown);
            Array.Resize(ref _rowIds, grown);
            Array.Resize(ref _textOf, grown);
            Array.Resize(ref _nextChunk, grown);
            Array.Resize(ref _starts, grown);
            Array.Resize(ref _ends, grown);
        }

        var chunk = Chunks;
        if (!_textIndex.TryGetValue(textSha256, out var t))
        {
            t = _texts.Count;
            _texts.Add(textSha256);
            _textIndex[textSha256] = t;
            _firstChunk.Add(chunk);
            _lastChunk.Add(chunk);
        }
        else
        {
            _nextChunk[_lastChunk[t]] = chunk;
            _lastChunk[t] = chunk;
        }

        (_rowIds[chunk], _textOf[chunk], _nextChunk[chunk], _starts[chunk], _ends[chunk]) = (rowId, t, -1, start, end);
        _chunkOfRow[rowId] = chunk;
        LastRowId = Math.Max(LastRowId, rowId);
        Chunks++;
        return chunk;
    }

    /// <summary>The integer dot product of an int8 vector and a 16-bit query (AVX2: 32 numbers a step).</summary>
    internal static int Dot(ReadOnlySpan<sbyte> vector, ReadOnlySpan<short> query)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && vector.Length >= Vector256<sbyte>.Count)
        {
            var total = Vector256<int>.Zero;
            ref var v = ref MemoryMarshal.GetReference(vector);
            ref var q = ref MemoryMarshal.GetReference(query);
            for (; i + Vector256<sbyte>.Count <= vector.Length; i += Vector256<sbyte>.Count)
            {
                // Sign-extend 16 bytes at a time straight from memory (vpmovsxbw), then multiply and add pairs (vpmaddwd).
                var low = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref v, (nuint)i));
                var high = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref v, (nuint)(i + Vector128<sbyte>.Count)));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(low, Vector256.LoadUnsafe(ref q, (nuint)i)));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(high, Vector256.LoadUnsafe(ref q, (nuint)(i + Vector256<short>.Count))));
            }

            sum = Vector256.Sum(total);
        }

        for (; i < vector.Length; i++)
        {
            sum += vector[i] * query[i];
        }

        return sum;
    }

    /// <summary>An index and the chunks of this set it did not hold when attached.</summary>
    private sealed record Lookup(HnswIndex Index, int[] Uncovered);
}
