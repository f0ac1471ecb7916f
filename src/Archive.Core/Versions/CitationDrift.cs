using Archive.Core.Citations;

namespace Archive.Core.Versions;

/// <summary>
/// One citation of a recorded pack that quotes the older version, re-resolved in the newer: where it was (code points in
/// the older text), what became of it, and where it is now (<see cref="Now"/>) or the nearest passage left
/// (<see cref="Nearest"/>, with the share of the quote's words it holds).
/// </summary>
public sealed record CitationDrift(
    string PackId,
    string PackTitle,
    int N,
    string Quote,
    int Start,
    int End,
    CitationDriftStatus Status,
    string Message,
    Passage? Now = null,
    Passage? Nearest = null,
    double? NearestScore = null,
    int? Occurrences = null);
