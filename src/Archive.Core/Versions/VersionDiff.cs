using Archive.Core.Catalog;

namespace Archive.Core.Versions;

/// <summary>
/// <c>archive diff FROM TO --json</c> and <c>GET /api/documents/{id}/diff?against=</c>: the two captures, what changed in
/// the text from the first to the second, and every citation of a recorded pack that quotes the first, re-resolved
/// in the second. <see cref="SameSource"/> is false when the two are captures of different sources.
/// </summary>
public sealed record VersionDiff(
    CaptureSummary From,
    CaptureSummary To,
    bool SameSource,
    TextDiff Text,
    int CitationsChecked,
    IReadOnlyList<CitationDrift> Citations,
    IReadOnlyList<string> Notes);
