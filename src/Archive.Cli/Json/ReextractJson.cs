using Archive.Core.Ingestion;

namespace Archive.Cli.Json;

/// <summary><c>archive reextract --json</c>: the counts by status, then one outcome per capture.</summary>
internal sealed record ReextractJson(ReextractSummaryJson Summary, IReadOnlyList<ReextractOutcome> Results);
