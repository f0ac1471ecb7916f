namespace Archive.Core.Provenance;

/// <summary>One key change in the log: the event index, the retired and the new key's fingerprints, and (after a change) where the new checkpoint is.</summary>
public sealed record KeyChangeInfo(long Index, string OldKey, string NewKey, long? CheckpointSize = null, string? RemovedKey = null);
