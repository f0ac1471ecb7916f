namespace Archive.Core.Briefings;

/// <summary>
/// One citation of the brief, pinned: where it is in the brief, the quote as written, and the passage it resolved to
/// (code-point offsets into the text with that SHA-256, the exact text with its prefix and suffix, and how it matched).
/// For a PDF or an image, <see cref="Crop"/> names the picture of the original page shown beside the quote (null when
/// the source has no pages, or the page could not be drawn: the build then warns), and <see cref="NextPageCrops"/> the
/// pictures of the later pages a passage runs onto.
/// </summary>
public sealed record PackManifestCitation(
    int N,
    string Id,
    int Line,
    int Column,
    string Quote,
    int? Occurrence,
    string Capture,
    string TextSha256,
    int Start,
    int End,
    string Exact,
    string Prefix,
    string Suffix,
    string Status,
    int Paragraph,
    int? Page,
    PackManifestCrop? Crop = null)
{
    /// <summary>
    /// For a passage that runs onto later pages, the crop of each of them, in order (<see cref="Crop"/> is the first
    /// page's); absent from the manifest otherwise, so manifests written before it keep their digest.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PackManifestCrop>? NextPageCrops { get; init; }

    /// <summary>Every crop of the citation, first page first.</summary>
    public IEnumerable<PackManifestCrop> AllCrops() => Crop is null ? [] : [Crop, .. NextPageCrops ?? []];
}
