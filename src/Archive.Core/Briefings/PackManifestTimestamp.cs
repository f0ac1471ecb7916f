namespace Archive.Core.Briefings;

/// <summary>The time-stamped checkpoint that covers a pack's sources: its size, root, TSA and stamped time.</summary>
public sealed record PackManifestTimestamp(long CheckpointSize, string CheckpointRoot, string Tsa, string GenTime);
