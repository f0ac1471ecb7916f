namespace Archive.Core.Briefings;

/// <summary>GET /api/packs: a built pack as the catalog records it (file names only, never server paths).</summary>
public sealed record PackInfo(
    string Id,
    string CreatedAt,
    string Agent,
    string Title,
    int Citations,
    int Sources,
    string Pdf,
    string PdfSha256,
    string ManifestSha256,
    string BodySha256,
    string BriefSha256)
{
    public static PackInfo From(PackRecord p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PackInfo(p.Id, p.CreatedAt, p.Agent, p.Title, p.Citations, p.Sources, Path.GetFileName(p.PdfPath), p.PdfSha256, p.ManifestSha256, p.BodySha256, p.BriefSha256);
    }
}
