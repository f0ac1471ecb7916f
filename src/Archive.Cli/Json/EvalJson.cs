using System.Text.Json.Serialization;
using Archive.Core.Evaluation;

namespace Archive.Cli.Json;

/// <summary>One mode's row of <c>archive eval --json</c>, in trec_eval's measure names, rounded as printed.</summary>
internal sealed record EvalJson(
    string Mode,
    // The naming policy puts no separator before digits (ndcg_cut10): trec_eval's names are kept as they are.
    [property: JsonPropertyName("ndcg_cut_10")] double NdcgCut10,
    [property: JsonPropertyName("recall_100")] double Recall100,
    double Map,
    int Queries,
    int Docs,
    double SearchSeconds,
    double EmbedSeconds,
    double Seconds)
{
    public static EvalJson From(EvaluationResult result) => new(
        result.Mode,
        Math.Round(result.NdcgCut10, 4),
        Math.Round(result.Recall100, 4),
        Math.Round(result.Map, 4),
        result.Queries,
        result.Docs,
        Math.Round(result.SearchSeconds, 1),
        Math.Round(result.EmbedSeconds, 1),
        Math.Round(result.Seconds, 1));
}
