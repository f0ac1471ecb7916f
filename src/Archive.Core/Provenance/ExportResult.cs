namespace Archive.Core.Provenance;

/// <summary>Where the log was exported and what the export covers.</summary>
public sealed record ExportResult(string Directory, long Events, long CheckpointSize, string CheckpointRoot, bool TimeStamped = false)
{
    /// <summary>The fingerprints of the witnesses whose cosignatures over the checkpoint were written to <c>witnesses/</c>.</summary>
    public IReadOnlyList<string> Witnesses { get; init; } = [];
}
