using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// </summary>
internal static class PackManifest
{
    public const string Format = "archive-pack/1";

    private static readonly string[] NonBodyKeys = ["pack_id", "body_sha256", "pdf"];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The manifest path for a PDF: <c>x.pdf</c> becomes <c>x.manifest.json</c>.</summary>
    public static string PathFor(string pdfPath) => Path.ChangeExtension(pdfPath, null) + ".manifest.json";

    public static string SignaturePathFor(string manifestPath) => manifestPath + ".sig";

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
    public static byte[] Complete(JsonObject body, string pdfFileName, string pdfSha256Hex, long pdfBytes, int? pages)
    {
        ArgumentNullException.ThrowIfNull(body);
        var digest = BodyDigest(body);
        var manifest = new JsonObject
        {
            ["format"] = Format,
            ["pack_id"] = PackIdFor(digest),
            ["body_sha256"] = "sha256:" + digest,
        };
        foreach (var (key, value) in body)
        {
            if (!manifest.ContainsKey(key))
            {
                manifest[key] = value?.DeepClone();
            }
        }

        manifest["pdf"] = new JsonObject
        {
            ["file"] = pdfFileName,
            ["sha256"] = "sha256:" + pdfSha256Hex,
            ["bytes"] = pdfBytes,
            ["pages"] = pages,
        };
        return Encoding.UTF8.GetBytes(manifest.ToJsonString(Indented) + "\n");
    }
}
