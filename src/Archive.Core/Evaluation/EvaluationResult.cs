namespace Archive.Core.Evaluation;

/// <summary>
/// trec_eval's means over the judged queries: nDCG@10, recall@100 and MAP over the top 1,000, with the counts and
/// the time taken: building the temporary archive, searching, and in all (reading the folder and cleaning up too).
/// </summary>
public sealed record EvaluationResult(
    double NdcgCut10,
    double Recall100,
    double Map,
    int Queries,
    int Docs,
    int Rejected,
    double IndexSeconds,
    double SearchSeconds,
    double Seconds)
{
    /// <summary>The search mode measured: lexical, semantic or hybrid.</summary>
    public string Mode { get; init; } = "lexical";

    /// <summary>Time spent embedding the corpus (shared by the modes that use meaning).</summary>
    public double EmbedSeconds { get; init; }
}
