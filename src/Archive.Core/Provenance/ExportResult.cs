namespace Archive.Core.Provenance;

/// <summary>Where the log was exported and what the export covers.</summary>
public sealed record ExportResult(string Directory, long Events, long CheckpointSize, string CheckpointRoot, bool TimeStamped = false);
