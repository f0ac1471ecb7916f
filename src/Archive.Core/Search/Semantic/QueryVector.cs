namespace Archive.Core.Search.Semantic;

/// <summary>
/// A unit query vector as the int8 scan reads it: 16-bit numbers (so the query loses next to nothing) and the scale
/// that turns their integer dot product with a stored int8 vector back into a cosine; plus the same query in int8
/// for the HNSW index, which compares int8 with int8.
/// </summary>
internal sealed class QueryVector
{
    private QueryVector(float[] values, short[] wide, float scale, sbyte[] narrow)
    {
        Values = values;
        Wide = wide;
        Scale = scale;
        Narrow = narrow;
    }

    /// <summary>The query as given.</summary>
    public float[] Values { get; }

    /// <summary>Each number as <c>round(x / Scale)</c>, at most 32,767 in size.</summary>
    public short[] Wide { get; }

    public float Scale { get; }

    /// <summary>The query in int8, for the HNSW index (cosine there, so its own scale does not matter).</summary>
    public sbyte[] Narrow { get; }

    public static QueryVector From(float[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var largest = 0f;
        foreach (var x in query)
        {
            largest = Math.Max(largest, Math.Abs(x));
        }

        var scale = largest > 0 ? largest / short.MaxValue : 1;
        var wide = new short[query.Length];
        var narrow = new sbyte[query.Length];
        VectorSet.Quantize(query, narrow);
        for (var i = 0; i < query.Length; i++)
        {
            wide[i] = (short)Math.Clamp(MathF.Round(query[i] / scale), -short.MaxValue, short.MaxValue);
        }

        return new QueryVector(query, wide, scale, narrow);
    }
}
