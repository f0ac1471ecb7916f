using Archive.Core.Provenance;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Citations;
using Archive.Core.Ingestion;
using Archive.Core.Storage;

namespace Archive.Core.Briefings;

/// <summary>
/// Checks a pack against the archive: the PDF's digest against the manifest, the manifest's signature and body digest,
/// the catalog's record, and for every citation that it still resolves to the same passage in a capture and text
/// whose blobs still hash to the recorded digests, and that the passage appears in the PDF's text.
/// </summary>
internal sealed class PackVerifier(ArchiveDatabase database, ContentStore store, EventLog log, PackCatalog packs)
{
    public PackVerification Verify(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var manifestPath = full.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? full : PackManifest.PathFor(full);
        var checks = new List<PackCheckItem>();
        if (!File.Exists(manifestPath))
        {
            checks.Add(new PackCheckItem("manifest", false, $"no manifest at {manifestPath}"));
            return new PackVerification(null, manifestPath, null, checks, []);
        }

        var manifestBytes = File.ReadAllBytes(manifestPath);
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(manifestBytes)?.AsObject() ?? throw new JsonException("empty");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            checks.Add(new PackCheckItem("manifest", false, $"not a JSON object: {ex.Message}"));
            return new PackVerification(null, manifestPath, null, checks, []);
        }

        if (PackManifest.Read(manifest) is not { } typed)
        {
            checks.Add(new PackCheckItem("manifest", false, "not an Archive pack manifest: a field has the wrong type"));
            return new PackVerification(null, manifestPath, null, checks, []);
        }

        var packId = typed.PackId;
        var pdfName = typed.Pdf?.File;
        var pdfPath = full.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? (pdfName is null ? null : Path.Combine(Path.GetDirectoryName(manifestPath)!, pdfName))
            : full;

        checks.Add(CheckSignature(manifestPath, manifestBytes));
        checks.Add(CheckBody(manifest, typed));
        checks.Add(CheckPdf(typed, pdfPath));
        var manifestSha = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        var recorded = packId is not null && packs.IsRecorded(packId, manifestSha);
        checks.Add(new PackCheckItem("catalog", recorded, recorded ? $"pack {packId} is recorded in the catalog" : $"the catalog has no pack {packId} with manifest {manifestSha[..19]}"));

        PdfTextMatcher? matcher = null;
        string? pdfTextError = null;
        if (pdfPath is not null && File.Exists(pdfPath))
        {
            try
            {
                matcher = new PdfTextMatcher(PdfTextMatcher.ExtractText(pdfPath, cancellationToken), packId ?? "\u0000", typed.Brief?.Marking);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.Unreadable)
            {
                pdfTextError = ex.Message;
            }
        }
        else
        {
            pdfTextError = "the PDF is missing";
        }

        var citations = new List<CitationVerification>();
        var texts = new Dictionary<string, (PassageResolver? Resolver, string? Error, string? Title)>(StringComparer.Ordinal);
        using var connection = database.Open();
        foreach (var citation in typed.Citations ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            citations.Add(CheckCitation(connection, citation, texts, matcher, pdfTextError));
        }

        return new PackVerification(packId, manifestPath, pdfPath, checks, citations);
    }

    private PackCheckItem CheckSignature(string manifestPath, byte[] manifestBytes)
    {
        var signaturePath = PackManifest.SignaturePathFor(manifestPath);
        if (!File.Exists(signaturePath))
        {
            return new PackCheckItem("signature", false, $"no signature at {signaturePath}");
        }

        return log.Signer.Verify(manifestBytes, File.ReadAllBytes(signaturePath))
            ? new PackCheckItem("signature", true, $"the manifest is signed by the archive key sha256:{log.Signer.KeyId[..16]}…")
            : new PackCheckItem("signature", false, "the manifest's signature does not verify with the archive key: the manifest was changed or signed by another key");
    }

    private static PackCheckItem CheckBody(JsonObject manifest, PackManifest typed)
    {
        // The digest covers the JSON as written, unknown keys included, not this version's reading of it.
        var digest = PackManifest.BodyDigest(manifest);
        var packId = typed.PackId;
        var recorded = typed.BodySha256;
        if (recorded != "sha256:" + digest)
        {
            return new PackCheckItem("body", false, $"the manifest body hashes to sha256:{digest}, not {recorded}");
        }

        return packId == PackManifest.PackIdFor(digest)
            ? new PackCheckItem("body", true, $"body digest sha256:{digest[..16]}… matches; pack id {packId} derives from it")
            : new PackCheckItem("body", false, $"pack id {packId} does not derive from the body digest");
    }

    private static PackCheckItem CheckPdf(PackManifest manifest, string? pdfPath)
    {
        var expected = manifest.Pdf?.Sha256;
        if (pdfPath is null || !File.Exists(pdfPath))
        {
            return new PackCheckItem("pdf", false, $"the PDF is missing ({pdfPath ?? "the manifest names no file"})");
        }

        using var stream = File.OpenRead(pdfPath);
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        return actual == expected
            ? new PackCheckItem("pdf", true, $"{Path.GetFileName(pdfPath)} matches {actual[..19]}…")
            : new PackCheckItem("pdf", false, $"{Path.GetFileName(pdfPath)} hashes to {actual}, the manifest says {expected}");
    }

    private CitationVerification CheckCitation(
        Microsoft.Data.Sqlite.SqliteConnection connection,
        PackManifestCitation c,
        Dictionary<string, (PassageResolver? Resolver, string? Error, string? Title)> texts,
        PdfTextMatcher? matcher,
        string? pdfTextError)
    {
        var (n, capture, textSha, start, end, exact) = (c.N, c.Capture, c.TextSha256, c.Start, c.End, c.Exact);
        var quote = c.Quote ?? exact;
        var occurrence = c.Occurrence;
        var problems = new List<string>();

        var key = capture + "|" + textSha;
        if (!texts.TryGetValue(key, out var entry))
        {
            entry = LoadText(connection, capture, textSha);
            texts[key] = entry;
        }

        var resolves = false;
        if (entry.Resolver is null)
        {
            problems.Add(entry.Error!);
        }
        else
        {
            var resolver = entry.Resolver;
            var from = resolver.ToUtf16(start);
            var to = resolver.ToUtf16(end);
            if (from < 0 || to < 0 || to > resolver.Text.Length || from > to)
            {
                problems.Add($"[{start}, {end}) is outside the text");
            }
            else
            {
                var passage = resolver.PassageAt(from, to);
                if (passage.Exact != exact)
                {
                    problems.Add($"the text at [{start}, {end}) is no longer the quoted passage");
                }
                else if (passage.Prefix != c.Prefix || passage.Suffix != c.Suffix)
                {
                    problems.Add("the passage's prefix or suffix differs from the manifest");
                }

                var again = resolver.Resolve(quote, occurrence);
                if (!again.IsResolved || again.Passage!.Start != start || again.Passage.End != end)
                {
                    problems.Add($"the quote now resolves as {again.StatusName}{(again.Passage is { } p ? $" at [{p.Start}, {p.End})" : string.Empty)}, not [{start}, {end})");
                }

                resolves = problems.Count == 0;
            }
        }

        var inPdf = matcher?.Contains(exact) ?? false;
        if (!inPdf)
        {
            problems.Add(pdfTextError ?? "the passage does not appear in the PDF's text (pdftotext)");
        }

        return new CitationVerification(n, capture, entry.Title, start, end, exact, resolves, inPdf, problems);
    }

    private (PassageResolver? Resolver, string? Error, string? Title) LoadText(Microsoft.Data.Sqlite.SqliteConnection connection, string capture, string textSha)
    {
        var id = CatalogReader.Resolve(connection, capture);
        if (id.Capture is null || id.Capture.Id != capture)
        {
            return (null, $"capture {capture} is not in the catalog", null);
        }

        var title = id.Capture.Title;
        if (id.Capture.TextSha256 != textSha)
        {
            return (null, $"the catalog's text digest for {Sha256Digest.Parse(capture).Short} is {id.Capture.TextSha256}, the manifest says {textSha}", title);
        }

        var originalPath = store.PathFor(Sha256Digest.Parse(capture));
        if (!File.Exists(originalPath))
        {
            return (null, $"the original of {Sha256Digest.Parse(capture).Short} is missing from the blob store", title);
        }

        using (var original = File.OpenRead(originalPath))
        {
            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(original));
            if (actual != capture)
            {
                return (null, $"the original blob of {Sha256Digest.Parse(capture).Short} has changed: it hashes to {actual}", title);
            }
        }

        var textPath = store.PathFor(Sha256Digest.Parse(textSha));
        if (!File.Exists(textPath))
        {
            return (null, $"the text of {Sha256Digest.Parse(capture).Short} is missing from the blob store", title);
        }

        var bytes = File.ReadAllBytes(textPath);
        var textActual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        return textActual != textSha
            ? (null, $"the text blob of {Sha256Digest.Parse(capture).Short} has changed: it hashes to {textActual}, the manifest says {textSha}", title)
            : (new PassageResolver(Encoding.UTF8.GetString(bytes), capture, textSha), null, title);
    }
}
