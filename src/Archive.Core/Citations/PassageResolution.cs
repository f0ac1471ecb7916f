using Archive.Core.Storage;

namespace Archive.Core.Citations;

/// <summary>
/// The outcome of resolving one quote in one capture's text. <see cref="Passage"/> is set only for exact and normalized;
/// ambiguous results list the first <see cref="MaxListedOccurrences"/> occurrences and count them all in
/// <see cref="OccurrenceCount"/>, not-found results the nearest candidates.
/// </summary>
public sealed record PassageResolution(
    PassageStatus Status,
    Passage? Passage,
    IReadOnlyList<Passage> Occurrences,
    int OccurrenceCount,
    IReadOnlyList<PassageCandidate> Candidates,
    CaptureId CaptureId,
    string TextSha256,
    string? Message)
{
    /// <summary>At most this many occurrences are listed, so a phrase found a million times stays a short answer.</summary>
    public const int MaxListedOccurrences = 20;

    public bool IsResolved => Status is PassageStatus.Exact or PassageStatus.Normalized;

    /// <summary>The status as written in manifests and JSON: exact, normalized, ambiguous or not-found.</summary>
    public string StatusName => Name(Status);

    public static string Name(PassageStatus status) => status switch
    {
        PassageStatus.Exact => "exact",
        PassageStatus.Normalized => "normalized",
        PassageStatus.Ambiguous => "ambiguous",
        _ => "not-found",
    };
}
