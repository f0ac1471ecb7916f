using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>What a log audit reads: the checkpoints, and the event indices from <paramref name="First"/> to <paramref name="Last"/> (none when Last &lt; First).</summary>
internal sealed record LogBounds(IReadOnlyList<StoredCheckpoint> Checkpoints, long First, long Last);
