namespace Archive.Core.Search;

/// <summary>
/// What a search by meaning hands the backend: the captures close enough in meaning to match even without the
/// query's words (by rowid, with their ids to select them in the index), the weight of meaning in the fused score
/// (1 for a search by meaning alone, where the words' query matches nothing), and each candidate's similarity.
/// </summary>
/// <remarks>
/// The fusion, fixed in advance and not tuned on any test collection: the words' top
/// <see cref="Candidates"/> BM25 scores and the meaning candidates' similarities are each min-max normalised over
/// their own list (values below a list's lowest count as 0), and a capture scores
/// <c>Weight × meaning + (1 − Weight) × words</c>. Captures outside both lists follow, in BM25 order.
/// </remarks>
internal sealed record MeaningRanking(
    IReadOnlyDictionary<long, string> Matches,
    double Weight,
    Func<IReadOnlyCollection<long>, IReadOnlyDictionary<long, double>> Similarity)
{
    /// <summary>How many of the words' best matches are fused with meaning: as many as a reader pages through.</summary>
    public const int Candidates = 100;

    /// <summary>Equal weight to words and meaning: the rule of the trial, chosen before any run of Archive.</summary>
    public const double HybridWeight = 0.5;

    /// <summary>A score min-max normalised over its list: 0 at the list's lowest (or below), 1 at its highest; a list of one value (or all equal) counts as fully relevant.</summary>
    public static double Normalise(double value, double low, double high) =>
        high > low ? Math.Clamp((value - low) / (high - low), 0, 1) : value >= high ? 1 : 0;
}
