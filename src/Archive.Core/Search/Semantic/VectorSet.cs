using System.Numerics;
using System.Runtime.InteropServices;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Every chunk vector in memory, one contiguous array, scanned exactly with SIMD dot products (the vectors are unit
/// length, so the dot product is the cosine). At 100,000 chunks of 384 numbers that is 154 MB and a few
/// milliseconds a query on one core; an approximate (HNSW) index pays off only well beyond that.
/// </summary>
internal sealed class VectorSet
{
    private readonly List<string> _texts;
    private readonly Dictionary<string, int> _textIndex;
    private float[] _vectors;
    private int[] _textOf;
    private int[] _starts;
    private int[] _ends;

    public VectorSet(IReadOnlyList<StoredChunk> chunks, int dimensions)
        : this(dimensions, chunks?.Count ?? 0)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            Append(chunk.TextSha256, chunk.Start, chunk.End, chunk.Vector);
        }
    }

    /// <summary>An empty set to <see cref="Append"/> to, with room for <paramref name="capacity"/> chunks.</summary>
    public VectorSet(int dimensions, int capacity)
    {
        Dimensions = dimensions;
        _vectors = new float[(long)Math.Max(capacity, 16) * dimensions];
        _textOf = new int[Math.Max(capacity, 16)];
        _starts = new int[_textOf.Length];
        _ends = new int[_textOf.Length];
        _textIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        _texts = [];
    }

    /// <summary>Adds one chunk (while the set is being built, before any query).</summary>
    public void Append(string textSha256, int start, int end, ReadOnlySpan<float> vector)
    {
        if (Chunks == _textOf.Length)
        {
            var grown = _textOf.Length * 2;
            Array.Resize(ref _vectors, grown * Dimensions);
            Array.Resize(ref _textOf, grown);
            Array.Resize(ref _starts, grown);
            Array.Resize(ref _ends, grown);
        }

        if (!_textIndex.TryGetValue(textSha256, out var t))
        {
            t = _texts.Count;
            _texts.Add(textSha256);
            _textIndex[textSha256] = t;
        }

        vector.CopyTo(_vectors.AsSpan(Chunks * Dimensions, Dimensions));
        (_textOf[Chunks], _starts[Chunks], _ends[Chunks]) = (t, start, end);
        Chunks++;
    }

    /// <summary>Adds every chunk of another set (building a grown copy; the other set stays as it was).</summary>
    public void AppendAll(VectorSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other.Chunks; i++)
        {
            Append(other._texts[other._textOf[i]], other._starts[i], other._ends[i], other._vectors.AsSpan(i * other.Dimensions, other.Dimensions));
        }
    }

    public static VectorSet Empty(int dimensions) => new([], dimensions);

    public int Dimensions { get; }

    public int Chunks { get; private set; }

    public int Texts => _texts.Count;

    /// <summary>Whether a text has vectors.</summary>
    public bool Has(string textSha256) => _textIndex.ContainsKey(textSha256);

    /// <summary>The best chunk of every text for a unit query vector: a scan of all chunks.</summary>
    public MeaningScores Score(float[] query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"a query vector of {query.Length} numbers where the store holds {Dimensions}", nameof(query));
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

            var similarity = Dot(query, _vectors.AsSpan(i * Dimensions, Dimensions));
            var t = _textOf[i];
            if (similarity > best[t])
            {
                best[t] = similarity;
                bestChunk[t] = i;
            }
        }

        return new MeaningScores(this, best, bestChunk);
    }

    /// <summary>The text SHA-256 of a text by its number in this set.</summary>
    internal string TextAt(int text) => _texts[text];

    /// <summary>The number of a text in this set, or -1.</summary>
    internal int IndexOf(string textSha256) => _textIndex.TryGetValue(textSha256, out var t) ? t : -1;

    /// <summary>A chunk's code-point range.</summary>
    internal (int Start, int End) RangeOf(int chunk) => (_starts[chunk], _ends[chunk]);

    /// <summary>The mean of a text's chunk vectors, made unit length: what the text is about as a whole; null when it has none.</summary>
    public float[]? Centroid(string textSha256)
    {
        if (!_textIndex.TryGetValue(textSha256, out var t))
        {
            return null;
        }

        var sum = new float[Dimensions];
        for (var i = 0; i < Chunks; i++)
        {
            if (_textOf[i] == t)
            {
                var vector = _vectors.AsSpan(i * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++)
                {
                    sum[d] += vector[d];
                }
            }
        }

        var norm = MathF.Sqrt(Dot(sum, sum));
        if (norm > 0)
        {
            for (var d = 0; d < Dimensions; d++)
            {
                sum[d] /= norm;
            }
        }

        return sum;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var total = Vector<float>.Zero;
        var i = 0;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (var v = 0; v < va.Length; v++)
        {
            total += va[v] * vb[v];
        }

        i = va.Length * width;
        var sum = Vector.Sum(total);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
