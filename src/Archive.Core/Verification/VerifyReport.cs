using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>POST /api/verify: the shape of <c>archive verify --json</c>.</summary>
public sealed record VerifyReport(
    bool Ok,
    int OkItems,
    IReadOnlyList<VerificationItem> Problems,
    int BlobsChecked,
    long BytesHashed,
    long Events,
    int Checkpoints,
    string? Root,
    double Seconds,
    double MbPerSecond,
    long? RecordedAtIndex,
    IReadOnlyList<TrustItem> Trust,
    IReadOnlyList<TimestampInfo> Timestamps)
{
    /// <summary>Why the result was not recorded although it was asked for (the log refused the event); null otherwise.</summary>
    public string? NotRecorded { get; init; }

    /// <summary>
    /// The vectors for search by meaning, when the archive has any: derived data like the index, so texts waiting to
    /// be embedded are not a problem, only reported; vectors that failed their seals were removed and wait again.
    /// </summary>
    public VectorsSummary? Vectors { get; init; }

    /// <summary>Where the time went, in order (the hashing and the index check run beside the log read).</summary>
    public IReadOnlyList<VerifyPhase> Phases { get; init; } = [];

    public static VerifyReport From(VerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new VerifyReport(
            report.IsOk, report.Ok, report.Problems, report.BlobsChecked, report.BytesHashed, report.Events, report.Checkpoints,
            report.Root, Math.Round(report.Elapsed.TotalSeconds, 3), Math.Round(report.MegabytesPerSecond, 1), report.RecordedAtIndex, report.Trust, report.Timestamps)
        {
            NotRecorded = report.NotRecorded,
            Phases = [.. report.Phases.Select(p => new VerifyPhase(p.Name, Math.Round(p.Time.TotalSeconds, 3)))],
        };
    }
}
