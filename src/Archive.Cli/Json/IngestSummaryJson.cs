using Archive.Core.Ingestion;

namespace Archive.Cli.Json;

/// <summary>How many files an ingest left in each status.</summary>
internal sealed record IngestSummaryJson(int Ingested, int Duplicate, int Rejected, int Skipped)
{
    public static IngestSummaryJson From(IReadOnlyList<IngestOutcome> outcomes) => new(
        outcomes.Count(o => o.Status == IngestStatus.Ingested),
        outcomes.Count(o => o.Status == IngestStatus.Duplicate),
        outcomes.Count(o => o.Status == IngestStatus.Rejected),
        outcomes.Count(o => o.Status == IngestStatus.Skipped));
}
