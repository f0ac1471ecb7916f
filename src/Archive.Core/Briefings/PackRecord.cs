namespace Archive.Core.Briefings;

/// <summary>A row of the catalog's <c>packs</c> table: a built pack, its digests and where its files were written.</summary>
public sealed record PackRecord(
    string Id,
    string CreatedAt,
    string Agent,
    string Title,
    string BriefSha256,
    string BodySha256,
    string ManifestSha256,
    string PdfSha256,
    string PdfPath,
    string ManifestPath,
    int Citations,
    int Sources);
