using System.Globalization;
using Archive.Core.Provenance;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
public sealed class PackVerifier
{
    /// <summary>The most a compressed embedded manifest or signature may inflate to (a manifest is kilobytes).</summary>
    private const int MaxManifestBytes = 4 << 20;

    /// <summary>The most a compressed embedded page crop may inflate to (a PNG at most <see cref="PackCropper.MaxSide"/> pixels a side).</summary>
    private const int MaxCropBytes = 16 << 20;

    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _log;
    private readonly PackCatalog _packs;

    internal PackVerifier(ArchiveDatabase database, ContentStore store, EventLog log, PackCatalog packs)
    {
        _database = database;
        _store = store;
        _log = log;
        _packs = packs;
    }

    /// <summary>
    /// Checks the pack at <paramref name="path"/> (its PDF or manifest); the time stamp its manifest names is checked
    /// under the TSA certificates in the PEM file <paramref name="tsaCertificates"/> (the reader's own) when given,
    /// else under those the archive keeps with the token.
    /// </summary>
    public PackVerification Verify(string path, string? tsaCertificates = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var pinnedTsa = tsaCertificates is null ? null : new PinnedCertificates(TimestampCheck.LoadCertificates(tsaCertificates));
        var full = Path.GetFullPath(path);
        var isManifest = full.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var manifestPath = isManifest ? full : PackManifest.PathFor(full);
        var checks = new List<PackCheckItem>();
        byte[] manifestBytes;
        byte[]? signature;
        string signatureSource;
        // Without a manifest beside it, the PDF's own copy is used, if it can be read (a PDF tool may have re-saved it).
        var pdf = isManifest || File.Exists(manifestPath) || !File.Exists(full) ? null : File.ReadAllBytes(full);
        var found = pdf is null ? default : PdfAttachments.Find(pdf, PackManifest.EmbeddedName, MaxManifestBytes);
        if (File.Exists(manifestPath))
        {
            manifestBytes = File.ReadAllBytes(manifestPath);
            var signaturePath = PackManifest.SignaturePathFor(manifestPath);
            signature = File.Exists(signaturePath) ? File.ReadAllBytes(signaturePath) : null;
            signatureSource = signaturePath;
            checks.Add(new PackCheckItem("manifest", true, $"{Path.GetFileName(manifestPath)} and its signature beside the PDF"));
        }
        else if (found.Bytes is { } embedded)
        {
            manifestBytes = embedded;
            signature = PdfAttachments.Read(pdf!, PackManifest.EmbeddedSignatureName, MaxManifestBytes);
            manifestPath = full + "#" + PackManifest.EmbeddedName;
            signatureSource = $"{PackManifest.EmbeddedSignatureName} embedded in {Path.GetFileName(full)}";
            checks.Add(new PackCheckItem("manifest", true, $"no manifest beside the PDF; using the {PackManifest.EmbeddedName} and {PackManifest.EmbeddedSignatureName} embedded in it"));
        }
        else
        {
            var embeddedNote = pdf is null ? string.Empty
                : found.Unsupported is { } why ? $", and the one embedded in {Path.GetFileName(full)} cannot be read: {ResavedUnreadable(why)}; verify the file as it was downloaded, or give verify-pack the pack's manifest file (NAME.manifest.json with its .sig, the PDF beside them)"
                : $" and none embedded in {Path.GetFileName(full)}";
            checks.Add(new PackCheckItem("manifest", false, $"no manifest at {manifestPath}{embeddedNote}"));
            return new PackVerification(null, manifestPath, null, checks, []);
        }

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
        var pdfPath = isManifest
            ? (pdfName is null ? null : Path.Combine(Path.GetDirectoryName(manifestPath)!, pdfName))
            : full;

        checks.Add(CheckSignature(manifestBytes, signature, signatureSource));
        checks.Add(CheckBody(manifest, typed));
        checks.Add(CheckPdf(typed, manifestBytes, pdfPath));
        if (CheckCrops(typed, pdfPath) is { } crops)
        {
            checks.Add(crops);
        }

        if (typed.TimeStamp is { } stamp)
        {
            checks.Add(CheckTimestamp(stamp, typed.Sources ?? [], pinnedTsa?.Certificates));
        }

        var manifestSha = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        var recorded = packId is not null && _packs.IsRecorded(packId, manifestSha);
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
        using var connection = _database.Open();
        foreach (var citation in typed.Citations ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            citations.Add(CheckCitation(connection, citation, texts, matcher, pdfTextError));
        }

        return new PackVerification(packId, manifestPath, pdfPath, checks, citations);
    }

    private PackCheckItem CheckSignature(byte[] manifestBytes, byte[]? signature, string signatureSource)
    {
        if (signature is null)
        {
            return new PackCheckItem("signature", false, $"no signature at {signatureSource}");
        }

        // A pack signed before a key change is checked with the key that was in force; the log vouches for that key.
        using var connection = _database.Open();
        using var keys = KeyHistory.Read(connection, _log.Origin, _log.Signer);
        foreach (var key in keys.Changes.Count == 0 ? [_log.Signer] : keys.Changes.Select(c => keys.Find(c.OldKey)).Append(keys.Current).OfType<CheckpointSigner>().Distinct())
        {
            if (key.Verify(manifestBytes, signature))
            {
                var when = key == keys.Current ? "the archive key" : "a former archive key (the log records its change)";
                return new PackCheckItem("signature", true, $"the manifest is signed by {when} sha256:{key.KeyId[..16]}…");
            }
        }

        return new PackCheckItem("signature", false, "the manifest's signature does not verify with the archive key: the manifest was changed or signed by another key");
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

    /// <summary>
    /// The manifest records the PDF as printed: its first <c>bytes</c> bytes must hash to <c>sha256</c>. Anything after
    /// them must be exactly the update that embeds this manifest and its signature, rebuilt here byte for byte, so no
    /// other incremental update (new pages, changed text) can ride behind a good signature.
    /// </summary>
    private static PackCheckItem CheckPdf(PackManifest manifest, byte[] manifestBytes, string? pdfPath)
    {
        var expected = manifest.Pdf?.Sha256;
        if (pdfPath is null || !File.Exists(pdfPath))
        {
            return new PackCheckItem("pdf", false, $"the PDF is missing ({pdfPath ?? "the manifest names no file"})");
        }

        var name = Path.GetFileName(pdfPath);
        var bytes = File.ReadAllBytes(pdfPath);
        var signed = manifest.Pdf is { Bytes: > 0 } p && p.Bytes < bytes.LongLength ? (int)p.Bytes : bytes.Length;
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, signed)));
        if (actual != expected)
        {
            // A file that still carries this manifest had its signed part changed after the pack was made: edited, or
            // re-saved by a PDF tool (qpdf, a viewer's Save), which rewrites the bytes; the bytes cannot tell which.
            var carried = PdfAttachments.Find(bytes, PackManifest.EmbeddedName, MaxManifestBytes);
            var resaved = carried.Bytes is { } carriedBytes && carriedBytes.AsSpan().SequenceEqual(manifestBytes)
                ? "; the file still carries this pack's manifest, so the signed part was changed: edited, or re-saved by a PDF tool (which rewrites the bytes even if no page changed); either way its pages may differ from what was signed: verify the file as it was downloaded"
                : carried.Unsupported is { } why ? $"; {ResavedUnreadable(why)}, so its pages may differ from what was signed: verify the file as it was downloaded"
                : string.Empty;
            return new PackCheckItem("pdf", false, $"{name} (its first {signed} bytes) hashes to {actual}, the manifest says {expected}{resaved}");
        }

        if (signed == bytes.Length)
        {
            return new PackCheckItem("pdf", true, $"{name} matches {actual[..19]}…");
        }

        var embedded = PdfAttachments.Read(bytes, PackManifest.EmbeddedName);
        var signature = PdfAttachments.Read(bytes, PackManifest.EmbeddedSignatureName);
        if (embedded is null || signature is null)
        {
            return new PackCheckItem("pdf", false, $"{bytes.Length - signed} bytes follow the signed {signed}-byte PDF and are not an embedded manifest and signature");
        }

        if (!embedded.AsSpan().SequenceEqual(manifestBytes))
        {
            return new PackCheckItem("pdf", false, $"the manifest embedded in {name} differs from the one being verified");
        }

        if (CropFiles(manifest).GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return new PackCheckItem("pdf", false, $"the manifest names the page crop {twice.Key} more than once; a pack embeds each crop once");
        }

        byte[] update;
        try
        {
            var crops = new List<(string Name, byte[] Png)>();
            foreach (var file in CropFiles(manifest))
            {
                crops.Add((file, PdfAttachments.Read(bytes, file) ?? throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the crop {file} the manifest names is not embedded")));
            }

            update = PdfAttachments.Update(bytes.AsSpan(0, signed), PackManifest.Attachments(embedded, signature, crops));
        }
        catch (ArchiveException ex)
        {
            return new PackCheckItem("pdf", false, $"the embedded manifest's update cannot be rebuilt: {ex.Message}");
        }

        return bytes.AsSpan(signed).SequenceEqual(update)
            ? new PackCheckItem("pdf", true, $"the first {signed} bytes of {name} match {actual[..19]}…; the rest is only the embedded manifest and signature{(CropFiles(manifest).Any() ? " and the page crops" : string.Empty)}")
            : new PackCheckItem("pdf", false, $"the {bytes.Length - signed} bytes after the signed {signed}-byte PDF are not exactly the update that embeds the manifest and signature");
    }

    /// <summary>
    /// The time stamp the manifest names: the archive holds a token from that TSA over that checkpoint, the one a
    /// <c>timestamped</c> event records, that verifies
    /// (under <paramref name="pinnedTsa"/> when given, else the TSA certificates kept with it, as <c>archive verify</c>
    /// checks it) and whose own time is the one the manifest names; the log's first events rebuild that checkpoint's
    /// root; and they hold the ingest (or capture) event of every cited source and the event that extracted its text.
    /// </summary>
    private PackCheckItem CheckTimestamp(PackManifestTimestamp stamp, IReadOnlyList<PackManifestSource> sources, X509Certificate2Collection? pinnedTsa)
    {
        var size = stamp.CheckpointSize.ToString(CultureInfo.InvariantCulture);
        var service = new TimestampService(_database, _log);
        // A token an event records but the catalog lacks is no token held: said as such below.
        var tokens = service.Audit(pinnedTsa)
            .Where(t => t.Status != TimestampInfo.Missing && t.CheckpointSize == stamp.CheckpointSize && t.CheckpointRoot == stamp.CheckpointRoot && t.Tsa == stamp.Tsa)
            .ToList();
        if (tokens.Count == 0)
        {
            return new PackCheckItem("timestamp", false, $"the manifest names checkpoint {size} (root {stamp.CheckpointRoot}) time-stamped by {stamp.Tsa}, but the archive holds no token from that TSA over that checkpoint");
        }

        if (tokens.FirstOrDefault(t => t.IsOk) is not { } token)
        {
            return new PackCheckItem("timestamp", false, tokens[0].Message);
        }

        if (token.GenTime != stamp.GenTime)
        {
            return new PackCheckItem("timestamp", false, $"the manifest says checkpoint {size} was time-stamped {stamp.GenTime}, but the token says {token.GenTime}");
        }

        if (!service.LogMatches(stamp.CheckpointSize, stamp.CheckpointRoot))
        {
            return new PackCheckItem("timestamp", false, $"the log's first {size} events do not hash to the stamped checkpoint's root {stamp.CheckpointRoot}: the log was changed (run `archive verify`)");
        }

        if (service.Uncovered([.. sources.Select(s => (s.Capture, (string?)s.TextSha256))], stamp.CheckpointSize) is { } missing)
        {
            return new PackCheckItem("timestamp", false, $"checkpoint {size} does not cover source {missing.Capture}: its {missing.What} is not among the checkpoint's events");
        }

        var under = pinnedTsa is null ? "the TSA certificates kept with it" : "the pinned TSA certificates";
        return new PackCheckItem("timestamp", true, $"checkpoint {size} time-stamped {token.GenTime} by {token.TsaSubject} ({stamp.Tsa}): the token verifies under {under}, and the log's first {size} events rebuild its root and hold every cited source's ingest and text");
    }

    /// <summary>
    /// The note for a PDF whose attachments cannot be read: <c>archive brief</c> writes only forms the reader knows, so
    /// something rewrote the file; <paramref name="why"/> says what the reader met (encryption, say).
    /// </summary>
    private static string ResavedUnreadable(string why) => $"the PDF was re-saved by a PDF tool (or damaged) in a form verify-pack does not read ({why})";

    private static IEnumerable<string> CropFiles(PackManifest manifest) =>
        (manifest.Citations ?? []).SelectMany(c => c.AllCrops()).Select(c => c.File);

    /// <summary>
    /// Each page crop the manifest names must be embedded in the PDF and hash to the manifest's SHA-256 (the signed
    /// manifest vouches for the picture). Null when the manifest names no crop (no PDF or image was cited).
    /// </summary>
    private static PackCheckItem? CheckCrops(PackManifest manifest, string? pdfPath)
    {
        var crops = (manifest.Citations ?? []).SelectMany(c => c.AllCrops().Select(crop => (c.N, Crop: crop))).ToList();
        if (crops.Count == 0)
        {
            return null;
        }

        if (pdfPath is null || !File.Exists(pdfPath))
        {
            return new PackCheckItem("crops", false, $"the manifest names {crops.Count} page crops and the PDF that holds them is missing");
        }

        if (crops.GroupBy(c => c.Crop.File, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return new PackCheckItem("crops", false, $"the manifest names the page crop {twice.Key} more than once");
        }

        var bytes = File.ReadAllBytes(pdfPath);
        var problems = new List<string>();
        foreach (var (n, crop) in crops)
        {
            // A PDF tool that re-saved the file compresses the crops; their hashes still say whether the pictures changed.
            if (PdfAttachments.Read(bytes, crop.File, MaxCropBytes) is not { } png)
            {
                problems.Add($"[{n}] {crop.File} is not embedded");
                continue;
            }

            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(png));
            if (actual != crop.Sha256)
            {
                problems.Add($"[{n}] {crop.File} hashes to {actual}, the manifest says {crop.Sha256}");
            }
        }

        return problems.Count == 0
            ? new PackCheckItem("crops", true, $"{crops.Count} page crop{(crops.Count == 1 ? string.Empty : "s")} embedded, each matching its SHA-256 in the manifest")
            : new PackCheckItem("crops", false, string.Join("; ", problems));
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
        if (id.Capture is null || id.Capture.Id.Value != capture)
        {
            return (null, $"capture {capture} is not in the catalog", null);
        }

        var title = id.Capture.Title;
        // A capture re-extracted since the pack was built has a newer text; the pack's text still counts when the log
        // recorded it for this capture (every earlier text stays in the store).
        if (id.Capture.TextSha256 != textSha && !CaptureText.FromEvents(EventLog.ForCapture(connection, capture), id.Capture.TextSha256).Any(t => t.TextSha256 == textSha))
        {
            return (null, $"the catalog's text digest for {Sha256Digest.Parse(capture).Short} is {id.Capture.TextSha256}, the manifest says {textSha}, and the log records no such text for it", title);
        }

        var originalPath = _store.PathFor(Sha256Digest.Parse(capture));
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

        var textPath = _store.PathFor(Sha256Digest.Parse(textSha));
        if (!File.Exists(textPath))
        {
            return (null, $"the text of {Sha256Digest.Parse(capture).Short} is missing from the blob store", title);
        }

        var bytes = File.ReadAllBytes(textPath);
        var textActual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        return textActual != textSha
            ? (null, $"the text blob of {Sha256Digest.Parse(capture).Short} has changed: it hashes to {textActual}, the manifest says {textSha}", title)
            : (new PassageResolver(Encoding.UTF8.GetString(bytes), id.Capture.Id, textSha), null, title);
    }

    /// <summary>The reader's TSA certificates, disposed with the verification.</summary>
    private sealed class PinnedCertificates(X509Certificate2Collection certificates) : IDisposable
    {
        public X509Certificate2Collection Certificates { get; } = certificates;

        public void Dispose()
        {
            foreach (var certificate in Certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
