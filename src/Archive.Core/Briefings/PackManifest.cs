using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Archive.Core.Provenance;

namespace Archive.Core.Briefings;

/// <summary>
/// The pack manifest (<c>NAME.manifest.json</c> beside <c>NAME.pdf</c>), signed over its exact bytes into
/// <c>NAME.manifest.json.sig</c> (DER ECDSA P-256, SHA-256; <c>openssl dgst -sha256 -verify</c> checks it).
/// <para>
/// The <em>body</em> is everything except <c>pack_id</c>, <c>body_sha256</c> and <c>pdf</c>. Its digest is SHA-256 of its
/// canonical JSON (sorted keys, no whitespace). The pack id is <c>pack-</c> plus the first 12 hex digits of that digest.
/// The body includes the creation time, so every build is a new pack. Because the id and the body digest are known
/// before printing, both appear inside the PDF. The PDF's own digest is then added to the manifest.
/// </para>
/// <para>
/// <c>time_stamp</c> names the earliest RFC 3161 time-stamped checkpoint whose tree holds every cited source's ingest
/// and text events (null when there is none yet): a TSA vouches that the sources existed by then.
/// </para>
/// </summary>
public sealed record PackManifest(
    string Format,
    string? PackId,
    string? BodySha256,
    string Created,
    string Tool,
    string Agent,
    string KeyId,
    PackManifestBrief Brief,
    IReadOnlyDictionary<string, string> Templates,
    IReadOnlyList<PackManifestSource> Sources,
    IReadOnlyList<PackManifestCitation> Citations,
    PackManifestPdf? Pdf,
    PackManifestTimestamp? TimeStamp = null)
{
    /// <summary>
    /// <c>archive-pack/2</c> added <c>crop</c> to each citation and embeds the crops beside the manifest; an
    /// <c>archive-pack/1</c> manifest has neither and still verifies.
    /// </summary>
    public const string CurrentFormat = "archive-pack/2";

    private static readonly string[] NonBodyKeys = ["pack_id", "body_sha256", "pdf"];

    // Nulls are written (a manifest says "no subtitle" rather than leaving the key out), so every field is always there
    // for the canonical body digest; names are snake_case as in every Archive report.
    private static readonly PackManifestJsonContext Json = CreateContext(indented: false);

    private static readonly PackManifestJsonContext Indented = CreateContext(indented: true);

    /// <summary>The body as JSON: everything the body digest covers.</summary>
    public JsonObject Body()
    {
        var body = JsonSerializer.SerializeToNode(this with { PackId = null, BodySha256 = null, Pdf = null }, Json.PackManifest)!.AsObject();
        foreach (var key in NonBodyKeys)
        {
            body.Remove(key);
        }

        return body;
    }

    /// <summary>Reads a manifest's fields; null when the bytes are not a manifest object. The body digest is checked on the raw JSON, not on this.</summary>
    public static PackManifest? Read(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return json.Deserialize(Json.PackManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The manifest path for a PDF: <c>x.pdf</c> becomes <c>x.manifest.json</c>.</summary>
    /// <summary>The manifest beside a pack: <c>NAME.pdf</c> has <c>NAME.manifest.json</c>; a file not named <c>.pdf</c> keeps its whole name, so two files never share one.</summary>
    public static string PathFor(string pdfPath)
    {
        ArgumentNullException.ThrowIfNull(pdfPath);
        var stem = pdfPath.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? pdfPath[..^4] : pdfPath;
        return stem + ".manifest.json";
    }

    public static string SignaturePathFor(string manifestPath) => manifestPath + ".sig";

    /// <summary>The name of the manifest embedded in the pack's PDF as an attachment.</summary>
    public const string EmbeddedName = "manifest.json";

    /// <summary>The name of the manifest's signature embedded in the pack's PDF as an attachment.</summary>
    public const string EmbeddedSignatureName = "manifest.json.sig";

    /// <summary>
    /// The attachments that make a pack's PDF self-verifying: the manifest and its signature, exactly as written, and
    /// the page crops the manifest names, sorted by name as a PDF name tree must be.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Bytes, string MediaType)> Attachments(byte[] manifestBytes, byte[] signature, IReadOnlyList<(string Name, byte[] Png)>? crops = null) =>
        [.. (crops ?? []).Select(c => (c.Name, c.Png, "image/png"))
            .Append((EmbeddedName, manifestBytes, "application/json"))
            .Append((EmbeddedSignatureName, signature, "application/octet-stream"))
            .OrderBy(a => a.Item1, StringComparer.Ordinal)];

    /// <summary>SHA-256 (hex) of the body's canonical JSON: the manifest without pack_id, body_sha256 and pdf.</summary>
    public static string BodyDigest(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var body = (JsonObject)manifest.DeepClone();
        foreach (var key in NonBodyKeys)
        {
            body.Remove(key);
        }

        return Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.SerializeToUtf8(body)));
    }

    public static string PackIdFor(string bodyDigestHex) => "pack-" + bodyDigestHex[..12];

    /// <summary>Adds pack_id, body_sha256 and the PDF section; returns the bytes to write and sign.</summary>
    public byte[] Complete(string pdfFileName, string pdfSha256Hex, long pdfBytes, int? pages)
    {
        var digest = BodyDigest(Body());
        var manifest = this with
        {
            PackId = PackIdFor(digest),
            BodySha256 = "sha256:" + digest,
            Pdf = new PackManifestPdf(pdfFileName, "sha256:" + pdfSha256Hex, pdfBytes, pages),
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest, Indented.PackManifest) + "\n");
    }

    private static PackManifestJsonContext CreateContext(bool indented) => new(new JsonSerializerOptions
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
