namespace Archive.Cli.Json;

/// <summary><c>archive reindex --json</c>: captures reindexed, seconds taken, the analyzer, and the vectors made again if any.</summary>
internal sealed record ReindexJson(int Reindexed, double Seconds, string Analyzer, bool AliasesWritten, ReindexEmbeddedJson? Embedded);
