using Archive.Core.Ingestion;

namespace Archive.Cli.Json;

/// <summary>How many captures a re-extraction run left in each status.</summary>
internal sealed record ReextractSummaryJson(int Reextracted, int Unchanged, int NotFound, int Unsupported, int Failed)
{
    public static ReextractSummaryJson From(IReadOnlyList<ReextractOutcome> outcomes) => new(
        outcomes.Count(o => o.Status == ReextractStatus.Reextracted),
        outcomes.Count(o => o.Status == ReextractStatus.Unchanged),
        outcomes.Count(o => o.Status == ReextractStatus.NotFound),
        outcomes.Count(o => o.Status == ReextractStatus.Unsupported),
        outcomes.Count(o => o.Status == ReextractStatus.Failed));
}
