using Archive.Core.Ingestion;

namespace Archive.Cli.Json;

/// <summary><c>archive ingest --json</c>: the counts by status, then one outcome per file.</summary>
internal sealed record IngestJson(IngestSummaryJson Summary, IReadOnlyList<IngestOutcome> Results);
