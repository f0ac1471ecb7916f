using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Archive.Core.Search.Engine;

/// <summary>
/// BM25 as Lucene 4.8's <see cref="BM25Similarity"/> computes it (k1 = 1.2, b = 0.75, its idf and average length, no
/// coordination or query normalisation), except that each document's field length is stored exactly. Lucene 4 keeps
/// the length in one byte, three bits of precision: documents of 90, 100 and 110 words share a norm, so
/// BM25's length normalisation sees them as equally long. The norm here is the word count itself (positions after the
/// first at the same place not counted, as Lucene's default). An index-time field boost, which Lucene's norm would fold
/// in, is not kept: Archive weighs fields at query time (the title's tenth) and sets none.
/// </summary>
internal sealed class ExactLengthBm25 : Similarity
{
    public const float K1 = 1.2f;
    public const float B = 0.75f;

    public override long ComputeNorm(FieldInvertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Math.Max(0, state.Length - state.NumOverlap);
    }

    public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats)
    {
        ArgumentNullException.ThrowIfNull(collectionStats);
        ArgumentNullException.ThrowIfNull(termStats);
        var documents = collectionStats.MaxDoc;
        var idf = 0f;
        foreach (var term in termStats)
        {
            idf += Idf(term.DocFreq, documents);
        }

        var averageLength = collectionStats.SumTotalTermFreq <= 0 ? 1f : (float)(collectionStats.SumTotalTermFreq / (double)documents);
        return new Weight(collectionStats.Field, idf, queryBoost, averageLength);
    }

    public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var w = (Weight)weight;
        return new Scorer(w, context.AtomicReader.GetNormValues(w.Field));
    }

    /// <summary>Lucene's BM25 idf: log(1 + (N − n + 0.5) / (n + 0.5)).</summary>
    internal static float Idf(long docFreq, long documents) => (float)Math.Log(1 + ((documents - docFreq + 0.5d) / (docFreq + 0.5d)));

    private sealed class Weight(string field, float idf, float queryBoost, float averageLength) : SimWeight
    {
        public string Field { get; } = field;

        public float Idf { get; } = idf;

        public float AverageLength { get; } = averageLength;

        /// <summary>idf × boosts × (k1 + 1): the part of every score that does not depend on the document.</summary>
        public float Value { get; private set; } = idf * queryBoost * (K1 + 1);

        public override float GetValueForNormalization()
        {
            var queryWeight = Idf * queryBoost;
            return queryWeight * queryWeight;
        }

        public override void Normalize(float queryNorm, float topLevelBoost) => Value = Idf * queryBoost * topLevelBoost * (K1 + 1);
    }

    private sealed class Scorer(Weight weight, NumericDocValues? norms) : SimScorer
    {
        private readonly float _lengthFactor = K1 * B / weight.AverageLength;
        private const float Constant = K1 * (1 - B);

        public override float Score(int doc, float freq)
        {
            // Without norms (a field indexed without them) every document counts as of average length.
            var length = norms is null ? weight.AverageLength : norms.Get(doc);
            return weight.Value * freq / (freq + Constant + (_lengthFactor * length));
        }

        public override float ComputeSlopFactor(int distance) => 1.0f / (distance + 1);

        public override float ComputePayloadFactor(int doc, int start, int end, BytesRef payload) => 1;

        public override Explanation Explain(int doc, Explanation freq)
        {
            ArgumentNullException.ThrowIfNull(freq);
            var length = norms is null ? weight.AverageLength : norms.Get(doc);
            var result = new Explanation(Score(doc, freq.Value), $"score(doc={doc}, freq={freq.Value}), exact-length BM25");
            result.AddDetail(new Explanation(weight.Idf, "idf"));
            result.AddDetail(freq);
            result.AddDetail(new Explanation(length, "field length"));
            result.AddDetail(new Explanation(weight.AverageLength, "average field length"));
            return result;
        }
    }
}
