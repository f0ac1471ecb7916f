using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// What verify checked and what it found. <see cref="IsOk"/> only when there are no problems, every trusted
/// checkpoint and time stamp held, and the result could be recorded when asked.
/// </summary>
public sealed record VerificationReport(
    int Ok,
    IReadOnlyList<VerificationItem> Problems,
    int BlobsChecked,
    long BytesHashed,
    long Events,
    int Checkpoints,
    string? Root,
    TimeSpan Elapsed,
    long? RecordedAtIndex)
{
    public bool IsOk => Problems.Count == 0 && Trust.All(t => t.IsOk) && Timestamps.All(t => t.IsOk) && NotRecorded is null;

    /// <summary>
    /// Why the fixity-checked event was not recorded although it was asked for: the log refused to append (its
    /// frontier disagrees with its events, so the catalog is damaged). Null when recorded or not asked.
    /// </summary>
    public string? NotRecorded { get; init; }

    /// <summary>One verdict per <c>timestamped</c> event (on the token it records), in log order, then one per stored token no event records.</summary>
    public IReadOnlyList<TimestampInfo> Timestamps { get; init; } = [];

    /// <summary>One verdict per checkpoint passed with <c>--trust</c>, in the order given.</summary>
    public IReadOnlyList<TrustItem> Trust { get; init; } = [];

    /// <summary>Time spent re-hashing blobs and texts (and finding untracked files), the part comparable to <c>sha256sum</c>.</summary>
    public TimeSpan Hashing { get; init; }

    /// <summary>Where the time went, phase by phase, in order (for benchmarks and <c>--json</c>).</summary>
    public IReadOnlyList<(string Name, TimeSpan Time)> Phases { get; init; } = [];

    public double HashingMegabytesPerSecond => Hashing.TotalSeconds > 0 ? BytesHashed / 1e6 / Hashing.TotalSeconds : 0;

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? BytesHashed / 1e6 / Elapsed.TotalSeconds : 0;
}
