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
    private readonly float[] _vectors;
    private readonly int[] _textOf;
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly string[] _texts;
    private readonly Dictionary<string, int> _textIndex;

    public VectorSet(IReadOnlyList<StoredChunk> chunks, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        Dimensions = dimensions;
        _vectors = new float[(long)chunks.Count * dimensions];
        _textOf = new int[chunks.Count];
        _starts = new int[chunks.Count];
        _ends = new int[chunks.Count];
        _textIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new List<string>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (!_textIndex.TryGetValue(chunk.TextSha256, out var t))
            {
                t = texts.Count;
                texts.Add(chunk.TextSha256);
                _textIndex[chunk.TextSha256] = t;
            }

            chunk.Vector.AsSpan().CopyTo(_vectors.AsSpan(i * dimensions, dimensions));
            (_textOf[i], _starts[i], _ends[i]) = (t, chunk.Start, chunk.End);
        }

        _texts = [.. texts];
    }

    public static VectorSet Empty(int dimensions) => new([], dimensions);

    public int Dimensions { get; }

    public int Chunks => _textOf.Length;

    public int Texts => _texts.Length;

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

        var best = new float[_texts.Length];
        var bestChunk = new int[_texts.Length];
        Array.Fill(best, float.NegativeInfinity);
        for (var i = 0; i < _textOf.Length; i++)
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

        var result = new Dictionary<string, MeaningMatch>(_texts.Length, StringComparer.Ordinal);
        for (var t = 0; t < _texts.Length; t++)
        {
            var c = bestChunk[t];
            result[_texts[t]] = new MeaningMatch(best[t], _starts[c], _ends[c]);
        }

        return new MeaningScores(result);
    }

    /// <summary>The mean of a text's chunk vectors, made unit length: what the text is about as a whole; null when it has none.</summary>
    public float[]? Centroid(string textSha256)
    {
        if (!_textIndex.TryGetValue(textSha256, out var t))
        {
            return null;
        }

        var sum = new float[Dimensions];
        for (var i = 0; i < _textOf.Length; i++)
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
