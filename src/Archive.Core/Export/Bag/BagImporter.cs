using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Export.Bag;

/// <summary>
/// Validates a bag as Archive writes it (RFC 8493: declaration, every payload file against manifest-sha256.txt
/// and no file beside them, every tag file against tagmanifest-sha256.txt, Payload-Oxum; then the checkpoint's
/// signature and every event's inclusion proof), and only then ingests each original with its metadata and an
/// imported event that names the bag's log, checkpoint and the leaf hash of each event it brought. Every text the
/// bag's proven text-extracted events name (a re-extracted capture has several) is kept: each one this archive does
/// not have yet is recorded, oldest first, by a text-extracted event with reason <c>import</c>, so the bag's current
/// text ends current here too, and citations pinned to any of them resolve.
/// </summary>
public sealed class BagImporter
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;
    private readonly CatalogReader _catalog;
    private readonly Func<Ingestor> _ingestor;
    private readonly Func<Reextractor> _reextractor;

    internal BagImporter(ArchiveDatabase database, EventLog log, CatalogReader catalog, Func<Ingestor> ingestor, Func<Reextractor> reextractor)
    {
        _database = database;
        _log = log;
        _catalog = catalog;
        _ingestor = ingestor;
        _reextractor = reextractor;
    }

    public static BagReport Validate(string directory) => Validate(directory, null);

    /// <summary>
    /// Validates the bag and, when <paramref name="trustedKey"/> is given (the sender's public key as a PEM file, or
    /// its fingerprint <c>sha256:HEX</c>), also that its checkpoint is signed by that key. Without it the bag proves
    /// only that it is whole and consistent under the key it carries, which whoever made it could have made too.
    /// </summary>
    public static BagReport Validate(string directory, string? trustedKey) => Check(directory, trustedKey).Report;

    /// <summary>The validation, with the bag's proven proofs and events by capture (read once, for the import to use too).</summary>
    private static (BagReport Report, BagProofs Proven, Dictionary<string, List<JsonNode>> Events) Check(string directory, string? trustedKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var pinned = trustedKey is null ? null : PinnedFingerprint(trustedKey);
        var bag = Path.GetFullPath(directory);
        if (!Directory.Exists(bag))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"{directory}: no such folder");
        }

        var problems = new List<string>();
        if (BagFiles.Links(bag) is { Count: > 0 } links)
        {
            // Nothing else is read: hashing through a link would read files outside the bag, or loop.
            problems.AddRange(links.Select(link => $"link {link}: a bag may hold files and folders only, not symbolic links"));
            return (new BagReport(bag, false, [], 0, 0, 0, string.Empty, string.Empty, problems, []) { KeyPinned = pinned is not null }, BagProofs.None, []);
        }

        var declaration = Path.Combine(bag, BagFiles.Declaration);
        if (!File.Exists(declaration) || new FileInfo(declaration).Length > MaxInfoBytes
            || File.ReadAllLines(declaration).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList() is not ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"])
        {
            problems.Add($"{BagFiles.Declaration}: missing, or not the two lines \"BagIt-Version: 1.0\" and \"Tag-File-Character-Encoding: UTF-8\"");
        }

        var manifest = BagFiles.ReadManifest(bag, BagFiles.Manifest, problems);
        long bytes = 0;
        foreach (var (relative, digest) in manifest.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!relative.StartsWith("data/", StringComparison.Ordinal) || relative.Split('/').Any(part => part is ".." or "." or ""))
            {
                problems.Add($"{BagFiles.Manifest}: {relative} is not a path inside data/");
                continue;
            }

            var path = Path.Combine(bag, relative);
            if (!File.Exists(path))
            {
                problems.Add($"missing file {relative}: listed in {BagFiles.Manifest} but not in the bag");
                continue;
            }

            bytes += new FileInfo(path).Length;
            var actual = BagFiles.Sha256File(path);
            if (actual != digest)
            {
                problems.Add($"changed file {relative}: {BagFiles.Manifest} says {digest}, the file hashes to {actual}");
            }
        }

        foreach (var extra in BagFiles.FilesUnder(bag, "data").Where(f => !manifest.ContainsKey(f)).Order(StringComparer.Ordinal))
        {
            problems.Add($"extra file {extra}: in data/ but not in {BagFiles.Manifest}");
        }

        var tags = BagFiles.ReadManifest(bag, BagFiles.TagManifest, problems);
        foreach (var (relative, digest) in tags.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(bag, relative);
            if (relative.StartsWith("data/", StringComparison.Ordinal) || relative.Split('/').Any(part => part is ".." or "." or ""))
            {
                problems.Add($"{BagFiles.TagManifest}: {relative} is not a tag file");
            }
            else if (!File.Exists(path))
            {
                problems.Add($"missing tag file {relative}: listed in {BagFiles.TagManifest} but not in the bag");
            }
            else if (BagFiles.Sha256File(path) is var actual && actual != digest)
            {
                problems.Add($"changed tag file {relative}: {BagFiles.TagManifest} says {digest}, the file hashes to {actual}");
            }
        }

        foreach (var required in new[] { BagFiles.Info, BagFiles.Manifest, BagFiles.Checkpoint, BagFiles.Signature, BagFiles.PublicKey, BagFiles.Proofs, BagFiles.Prov })
        {
            if (!tags.ContainsKey(required) && File.Exists(Path.Combine(bag, required)))
            {
                problems.Add($"tag file {required} is not covered by {BagFiles.TagManifest}");
            }
        }

        var info = ReadInfo(bag, problems);
        // The payload as it lies on disk (every file under data/, listed or not), as RFC 8493's Payload-Oxum counts it.
        var payload = BagFiles.FilesUnder(bag, "data").Select(f => new FileInfo(Path.Combine(bag, f)).Length).ToList();
        var oxum = string.Create(CultureInfo.InvariantCulture, $"{payload.Sum()}.{payload.Count}");
        if (info.TryGetValue("Payload-Oxum", out var statedOxum) && statedOxum != oxum)
        {
            problems.Add($"{BagFiles.Info}: Payload-Oxum {statedOxum} but the payload is {oxum} (bytes.files)");
        }

        var (size, root, fingerprint, captures, proven, events) = CheckProofs(bag, manifest, problems);
        if (pinned is not null && fingerprint.Length > 0 && !string.Equals(fingerprint, pinned.Value.Fingerprint, StringComparison.Ordinal))
        {
            problems.Add($"{BagFiles.Checkpoint}: signed by key {fingerprint} ({BagFiles.PublicKey} in the bag), not the pinned key {pinned.Value.Fingerprint} ({pinned.Value.Source}): it was not signed by the archive you trust");
        }

        foreach (var capture in captures)
        {
            CheckOriginalName(capture, manifest, events, problems);
            CheckMetadata(bag, capture, events, problems);
        }

        return (new BagReport(bag, problems.Count == 0, captures, manifest.Count, bytes, size, root, fingerprint, problems, []) { KeyPinned = pinned is not null }, proven, events);
    }

    /// <summary>Validates the bag; when it holds, ingests each capture and records where it came from.</summary>
    public BagReport Import(string directory, string agent, CancellationToken cancellationToken) =>
        Import(directory, agent, null, cancellationToken);

    /// <summary>As <see cref="Import(string, string, CancellationToken)"/>, the bag's key pinned as in <see cref="Validate(string, string)"/>.</summary>
    public BagReport Import(string directory, string agent, string? trustedKey, CancellationToken cancellationToken)
    {
        var (report, proven, events) = Check(directory, trustedKey);
        if (!report.Ok)
        {
            return report;
        }

        _log.RequireSigner();
        var imported = new List<string>();
        var staging = Path.Combine(Path.GetTempPath(), "archive-bag-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var captureId in report.Captures.Select(CaptureId.Parse))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var folder = Path.Combine(report.Directory, "data", "captures", captureId.Digest.Hex);
                var original = Directory.EnumerateFiles(Path.Combine(folder, "original")).Single();
                var stage = Path.Combine(staging, captureId.Digest.Hex);
                Directory.CreateDirectory(stage);
                var staged = Path.Combine(stage, Path.GetFileName(original));
                File.Copy(original, staged);
                if (DeclaredEncoding(events.GetValueOrDefault(captureId.Value)) is { } encoding)
                {
                    // Decoded there as a sidecar declared: the same declaration beside the copy decodes it the same here.
                    File.WriteAllText(staged + SidecarReader.Suffix, new JsonObject { ["encoding"] = encoding }.ToJsonString());
                }

                // The fields as the bag's proven events set them, each with the origin recorded there (metadata.json,
                // checked equal to them by Validate, is not read as a sidecar: that would name a file that never existed).
                var metadata = ProvenMetadata(events, captureId.Value);
                var fields = metadata?.Fields ?? new Dictionary<string, FieldValue>(StringComparer.Ordinal);
                // The source keeps the slug it had where it came from (checked against its ingested event), so that
                // citations by slug read the same in both archives.
                if (metadata?.Slug is { } slug && !fields.ContainsKey("slug"))
                {
                    fields["slug"] = new FieldValue(JsonValue.Create(slug), ImportedOrigin);
                }
                var outcome = _ingestor().Ingest(new IngestRequest([staged], fields, agent), null, cancellationToken).Single();
                if (outcome.CaptureId != captureId)
                {
                    throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{original}: ingested as {outcome.CaptureId?.Value ?? outcome.Status.ToString()}, not {captureId} ({outcome.Reason})");
                }

                RecordImport(report, proven, captureId.Value, folder, outcome.Status.ToString().ToLowerInvariant(), agent);
                var texts = KeepTexts(events.GetValueOrDefault(captureId.Value) ?? [], captureId, folder, agent);
                imported.Add($"{captureId} {outcome.Status.ToString().ToLowerInvariant()}{(texts > 0 ? string.Create(CultureInfo.InvariantCulture, $", {texts} texts kept") : string.Empty)}");
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return report with { Imported = imported };
    }

    /// <summary>Records each text of the bag's capture that this archive lacks, in the bag's order; returns how many.</summary>
    private int KeepTexts(IReadOnlyList<JsonNode> proven, CaptureId captureId, string folder, string agent)
    {
        var have = _catalog.Show(captureId)?.Texts.Select(t => t.TextSha256).ToHashSet(StringComparer.Ordinal) ?? [];
        var pageStarts = CurrentPageStarts(folder);
        var kept = 0;
        var events = TextEvents(proven);
        for (var i = 0; i < events.Count; i++)
        {
            var (text, extractor) = events[i];
            // The bag's current text (its last) ends current here too, even when this archive had it as an earlier one.
            if (have.Contains(text.Id) && i < events.Count - 1)
            {
                continue;
            }

            var earlier = Path.Combine(folder, BagFiles.EarlierTexts, text.Hex + ".txt");
            var file = File.Exists(earlier) ? earlier : Path.Combine(folder, BagFiles.CurrentText);
            var isCurrent = file != earlier;
            if (_reextractor().Adopt(captureId, text, file, extractor, isCurrent ? pageStarts : [], agent, "import") is not null)
            {
                kept++;
            }

            have.Add(text.Id);
        }

        return kept;
    }

    /// <summary>The page starts of the capture's current text, as <c>texts.json</c> gives them (none in a bag without it).</summary>
    private static List<int> CurrentPageStarts(string folder)
    {
        var path = Path.Combine(folder, BagFiles.TextsIndex);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var current = JsonNode.Parse(File.ReadAllText(path))?.AsArray().LastOrDefault(v => v?["current"]?.GetValue<bool>() == true);
            var starts = new List<int>();
            foreach (var start in current?["page_starts"]?.AsArray() ?? [])
            {
                // texts.json is payload anyone can edit: page starts that are not all numbers are no page starts.
                if (start is not JsonValue value || !value.TryGetValue<int>(out var at))
                {
                    return [];
                }

                starts.Add(at);
            }

            return starts;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return [];
        }
    }

    /// <summary>
    /// The text-extracted events among a capture's proven events (in log order): each names a text and the extractor
    /// that made it (checked by <see cref="Validate(string, string)"/> before any import).
    /// </summary>
    private static List<(Sha256Digest Text, ExtractorRecord Extractor)> TextEvents(IReadOnlyList<JsonNode> events)
    {
        var texts = new List<(Sha256Digest, ExtractorRecord)>();
        foreach (var e in events)
        {
            if (Text(e["type"]) != EventType.TextExtracted || e["data"] is not JsonObject data || Text(data["text"]) is not { } text || !Sha256Digest.TryParse(text, out var digest))
            {
                continue;
            }

            var extractor = data["extractor"] as JsonObject;
            texts.Add((digest.Value, new ExtractorRecord(
                Text(extractor?["name"]) ?? string.Empty,
                Text(extractor?["version"]) ?? string.Empty,
                Text(extractor?["settings"]) ?? string.Empty)));
        }

        return texts;
    }

    /// <summary>A JSON string's text; null for anything else (a proven event's members are read without trusting their shape).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private void RecordImport(BagReport report, BagProofs proven, string captureId, string folder, string status, string agent)
    {
        var events = new JsonArray();
        foreach (var item in proven.Items.Where(i => i.Capture == captureId))
        {
            events.Add((JsonNode)new JsonObject { ["index"] = item.Index, ["leaf_hash"] = Convert.ToHexStringLower(item.LeafHash) });
        }

        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = _log.BeginAppend(connection, transaction);
        appender.Append(new NewEvent(EventType.Imported, captureId, agent, status, new JsonObject
        {
            ["format"] = "bagit-1.0",
            ["bag"] = report.Directory,
            ["origin"] = proven.Origin,
            ["checkpoint_size"] = report.CheckpointSize,
            ["checkpoint_root"] = report.CheckpointRoot,
            ["key"] = report.KeyFingerprint,
            ["text_in_bag"] = "sha256:" + BagFiles.Sha256File(Path.Combine(folder, "text.txt")),
            ["events"] = events,
        }));
        appender.Seal();
        transaction.Commit();
    }

    /// <summary>
    /// The encoding a sidecar declared for a capture's original where it was ingested, as its first text-extracted
    /// event records it in the extractor's settings (<c>encoding=windows-1256;nfc;lf</c>); null for UTF-8 or none.
    /// </summary>
    internal static string? DeclaredEncoding(IReadOnlyList<JsonNode>? events)
    {
        var settings = events?.FirstOrDefault(e => e["type"]?.GetValue<string>() == EventType.TextExtracted)?["data"]?["extractor"]?["settings"];
        if (settings is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        // As reextract reads it: a value in brackets (utf-16le(bom), windows-1256(meta)) was found, not declared.
        return Ingestion.Reextractor.DeclaredEncoding(text);
    }

    /// <summary>The bag's proven events by capture, each capture's in log order.</summary>
    private static Dictionary<string, List<JsonNode>> ProvenEvents(IEnumerable<(BagProofs.Item Item, JsonObject Event)> proven) =>
        proven
            .OrderBy(p => p.Item.Index)
            .GroupBy(p => p.Item.Capture, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => (JsonNode)p.Event).ToList(), StringComparer.Ordinal);

    /// <summary>
    /// A capture's metadata as the bag's proven events set it: its ingested event's fields (value and origin), then each
    /// metadata-amended event in log order (a null value removes the field), and the slug its source had. Null when the
    /// bag proves no ingested event for it (nothing to compare with).
    /// </summary>
    private static (Dictionary<string, FieldValue> Fields, string? Slug)? ProvenMetadata(Dictionary<string, List<JsonNode>> events, string captureId)
    {
        try
        {
            Dictionary<string, FieldValue>? fields = null;
            string? slug = null;
            foreach (var e in events.GetValueOrDefault(captureId) ?? [])
            {
                var type = e["type"]?.GetValue<string>();
                var data = e["data"];
                if (type == EventType.Ingested && fields is null && data?["metadata"] is JsonObject metadata)
                {
                    fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
                    foreach (var (name, field) in metadata)
                    {
                        if (field?["value"] is { } value && field["origin"]?.GetValue<string>() is { } origin)
                        {
                            fields[name] = new FieldValue(value.DeepClone(), origin);
                        }
                    }

                    slug = data["source"]?.GetValue<string>();
                }
                else if (type == EventType.MetadataAmended && fields is not null && data?["field"]?.GetValue<string>() is { } name)
                {
                    if (data["new"] is { } value && data["origin"]?.GetValue<string>() is { } origin)
                    {
                        fields[name] = new FieldValue(value.DeepClone(), origin);
                    }
                    else
                    {
                        fields.Remove(name);
                    }
                }
            }

            return fields is null ? null : (fields, slug);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The original must lie under the name its proven ingested event recorded (as the export writes it): the name
    /// chooses how it is read again, and a renamed original would be ingested as another kind of file, or refused.
    /// </summary>
    private static void CheckOriginalName(string captureId, Dictionary<string, string> manifest, Dictionary<string, List<JsonNode>> events, List<string> problems)
    {
        var folder = $"data/captures/{captureId[7..]}/original/";
        var original = manifest.Keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal)).ToList();
        var ingested = events.GetValueOrDefault(captureId)?.FirstOrDefault(e => Text(e["type"]) == EventType.Ingested);
        if (original.Count != 1 || (ingested?["data"] as JsonObject)?["original_name"] is not JsonValue recorded || !recorded.TryGetValue<string>(out var name))
        {
            return; // no single original (CheckProofs says so), or no name recorded to compare with
        }

        var expected = BagFiles.OriginalFileName(name);
        if (original[0] != folder + expected)
        {
            problems.Add($"renamed original {original[0]}: the bag's proven ingested event names it {expected}");
        }
    }

    /// <summary>
    /// metadata.json must say what the bag's proven events say: a field changed there (with the manifests recomputed, as
    /// anyone can) would otherwise be imported as if it were provenance.
    /// </summary>
    private static void CheckMetadata(string bag, string captureId, Dictionary<string, List<JsonNode>> events, List<string> problems)
    {
        var relative = $"data/captures/{CaptureId.Parse(captureId).Digest.Hex}/metadata.json";
        var path = Path.Combine(bag, relative);
        if (!File.Exists(path) || ProvenMetadata(events, captureId) is not { } proven)
        {
            return;
        }

        JsonObject? stated;
        try
        {
            stated = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException)
        {
            stated = null;
        }

        if (stated is null)
        {
            problems.Add($"changed metadata {relative}: not a JSON object");
            return;
        }

        foreach (var name in stated.Select(f => f.Key).Union(proven.Fields.Keys, StringComparer.Ordinal).Where(n => n != "slug").Order(StringComparer.Ordinal))
        {
            var said = stated[name];
            var recorded = proven.Fields.TryGetValue(name, out var field) ? field.Value : null;
            if (!JsonNode.DeepEquals(said, recorded))
            {
                problems.Add($"changed metadata {relative}: {name} is {said?.ToJsonString(Readable) ?? "absent"}, but the bag's proven events record {recorded?.ToJsonString(Readable) ?? "none"}");
            }
        }

        if (stated["slug"] is { } slug && proven.Slug is { } source && Text(slug) != source)
        {
            problems.Add($"changed metadata {relative}: slug is {slug.ToJsonString(Readable)}, but the bag's proven ingested event records \"{source}\"");
        }
    }

    /// <summary>Values quoted in problems as JSON, with their letters as they are (not as \u escapes).</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The origin of a field an import sets that no event of the source archive recorded as a field (the slug its source had there).</summary>
    private const string ImportedOrigin = "import";

    /// <summary>The most a bag-info.txt may hold here: its fields are a few short lines (RFC 8493 §2.2.2), read whole into memory.</summary>
    internal const long MaxInfoBytes = 1 << 20;

    private static Dictionary<string, string> ReadInfo(string bag, List<string> problems)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(bag, BagFiles.Info);
        if (File.Exists(path) && new FileInfo(path).Length > MaxInfoBytes)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{BagFiles.Info}: {new FileInfo(path).Length:N0} bytes, more than the {MaxInfoBytes:N0} a bag-info.txt may hold here; not read"));
        }
        else if (File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && !info.TryAdd(line[..colon], line[(colon + 1)..].Trim()) && line[..colon] == "Payload-Oxum")
                {
                    problems.Add($"{BagFiles.Info}: Payload-Oxum is given more than once");
                }
            }
        }

        return info;
    }

    /// <summary>
    /// The fingerprint (<c>sha256:</c> and 64 lowercase hex digits, as <c>archive key</c> and the bag's report print it)
    /// of a key given as a fingerprint or as a PEM public key file, and how it was given.
    /// </summary>
    private static (string Fingerprint, string Source)? PinnedFingerprint(string trustedKey)
    {
        if (string.IsNullOrWhiteSpace(trustedKey))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "--trust-key is empty: give the sender's public key (PEM) or its fingerprint sha256:HEX");
        }

        // Bare hex, as `openssl pkey -pubin -outform DER | sha256sum` prints it, is a fingerprint too.
        var bare = trustedKey.Length == 64 && trustedKey.All(char.IsAsciiHexDigit);
        if ((bare || trustedKey.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)) && !File.Exists(trustedKey))
        {
            var hex = bare ? trustedKey : trustedKey["sha256:".Length..];
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{trustedKey}: not a key fingerprint (sha256: and 64 hex digits) or a PEM file");
            }

            return ("sha256:" + hex.ToLowerInvariant(), "the fingerprint given");
        }

        using var key = CheckpointSigner.LoadPublicKey(trustedKey);
        return ("sha256:" + key.KeyId, trustedKey);
    }

    /// <summary>
    /// The checkpoint's signature under the bag's public key, and every event's inclusion proof against its root; each
    /// capture must have a proven ingested event. Returns the proofs that hold, and their events by capture.
    /// </summary>
    private static (long Size, string Root, string Fingerprint, List<string> Captures, BagProofs Proven, Dictionary<string, List<JsonNode>> Events) CheckProofs(string bag, Dictionary<string, string> manifest, List<string> problems)
    {
        var captures = new List<string>();
        foreach (var name in manifest.Keys.Where(k => k.StartsWith("data/captures/", StringComparison.Ordinal)).Select(k => k.Split('/')[2]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (name.Length == 64 && name.All(char.IsAsciiHexDigitLower))
            {
                captures.Add("sha256:" + name);
            }
            else
            {
                problems.Add($"data/captures/{name}: not a capture's folder (each is named by the SHA-256 of its capture)");
            }
        }

        var checkpointPath = Path.Combine(bag, BagFiles.Checkpoint);
        var publicKeyPath = Path.Combine(bag, BagFiles.PublicKey);
        var proofsPath = Path.Combine(bag, BagFiles.Proofs);
        if (!File.Exists(checkpointPath) || !File.Exists(publicKeyPath) || !File.Exists(proofsPath) || !File.Exists(Path.Combine(bag, BagFiles.Signature)))
        {
            problems.Add($"{BagFiles.Provenance}/: the checkpoint, its signature, the public key or the inclusion proofs are missing");
            return (0, string.Empty, string.Empty, captures, BagProofs.None, []);
        }

        var body = File.ReadAllBytes(checkpointPath);
        var checkpoint = Checkpoint.TryParse(Encoding.UTF8.GetString(body));
        using var key = CheckpointSigner.FromPublicPem(File.ReadAllText(publicKeyPath));
        var fingerprint = key is null ? string.Empty : "sha256:" + key.KeyId;
        if (checkpoint is null || key is null || !key.Verify(body, File.ReadAllBytes(Path.Combine(bag, BagFiles.Signature))))
        {
            problems.Add($"{BagFiles.Checkpoint}: not a checkpoint signed by {BagFiles.PublicKey}");
            return (0, string.Empty, fingerprint, captures, BagProofs.None, []);
        }

        var root = Convert.ToBase64String(checkpoint.Root);
        var proofs = BagProofs.Read(proofsPath, problems);
        var proven = new List<(BagProofs.Item Item, JsonObject Event)>();
        var texts = new List<(string Capture, long Index, string Text)>();
        foreach (var item in proofs.Items)
        {
            var (index, capture) = (item.Index, item.Capture);
            var leaf = MerkleHash.LeafHash(Encoding.UTF8.GetBytes(item.EventJson));
            if (!MerkleProofs.VerifyInclusion(index, checkpoint.TreeSize, leaf, item.Path, checkpoint.Root))
            {
                problems.Add($"event {index} of {capture}: its inclusion proof does not lead to the checkpoint's root {root}");
                continue;
            }

            if (!leaf.AsSpan().SequenceEqual(item.LeafHash))
            {
                problems.Add($"event {index} of {capture}: its leaf_hash {Convert.ToHexStringLower(item.LeafHash)} is not the leaf hash of its event, {Convert.ToHexStringLower(leaf)}");
                continue;
            }

            if (ParseEvent(item.EventJson) is not { } e || Text(e["type"]) is not { } type)
            {
                problems.Add($"event {index} of {capture}: not an event as the log writes one (a JSON object with a type)");
                continue;
            }

            var named = Text(e["capture"]);
            if (named != capture)
            {
                problems.Add($"event {index}: it names capture {named ?? "none"}, not {capture}");
                continue;
            }

            proven.Add((item, e));
            if (type == EventType.TextExtracted && e["data"] is JsonObject data && Text(data["text"]) is { } text)
            {
                texts.Add((capture, index, text));
            }
        }

        // Every capture's first event is its ingested event (CatalogWriter.Insert, for files and web captures alike):
        // the one that records the original's name, its metadata and its source. Without it proven, metadata.json and
        // the original's name would be taken on the word of whoever carried the bag, who can drop proofs at will.
        var provenCaptures = proven.Select(p => p.Item.Capture).ToHashSet(StringComparer.Ordinal);
        var ingested = proven.Where(p => Text(p.Event["type"]) == EventType.Ingested).Select(p => p.Item.Capture).ToHashSet(StringComparer.Ordinal);
        foreach (var capture in captures)
        {
            var folder = $"data/captures/{capture[7..]}/original/";
            var originals = manifest.Where(m => m.Key.StartsWith(folder, StringComparison.Ordinal)).ToList();
            if (originals.Count != 1 || originals[0].Value != capture[7..])
            {
                problems.Add($"{capture}: its original in {folder} is not one file with that SHA-256");
            }

            if (!provenCaptures.Contains(capture))
            {
                problems.Add($"{capture}: no event in {BagFiles.Proofs} proves it is in the signed log");
            }
            else if (!ingested.Contains(capture))
            {
                problems.Add($"{capture}: {BagFiles.Proofs} proves no ingested event of it, so the bag does not prove where it came from (the original's name, its metadata, its source): only later events about it");
            }
        }

        // The bag must hold every text its proven events name, current and earlier (with texts.json or without it: the
        // import reads each one), and its current text must be one of them.
        var provenTexts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (capture, index, text) in texts)
        {
            var folder = $"data/captures/{capture[7..]}/";
            if (!Sha256Digest.TryParse(text, out var digest))
            {
                problems.Add($"event {index} of {capture}: {text} is not a SHA-256 digest");
                continue;
            }

            if (!provenTexts.TryGetValue(capture, out var hexes))
            {
                provenTexts[capture] = hexes = new HashSet<string>(StringComparer.Ordinal);
            }

            hexes.Add(digest.Value.Hex);
            if (manifest.GetValueOrDefault(folder + BagFiles.CurrentText) != digest.Value.Hex && manifest.GetValueOrDefault($"{folder}{BagFiles.EarlierTexts}/{digest.Value.Hex}.txt") != digest.Value.Hex)
            {
                problems.Add($"{capture}: its text {text} (event {index}) is in the bag neither as {folder}{BagFiles.CurrentText} nor as {folder}{BagFiles.EarlierTexts}/{digest.Value.Hex}.txt");
            }
        }

        foreach (var capture in captures)
        {
            var current = $"data/captures/{capture[7..]}/{BagFiles.CurrentText}";
            if (!manifest.TryGetValue(current, out var hex))
            {
                problems.Add($"missing file {current}: every capture's folder holds its current text");
            }
            else if (provenTexts.TryGetValue(capture, out var named) && !named.Contains(hex))
            {
                problems.Add($"changed text {current}: it hashes to sha256:{hex}, which no proven text-extracted event of {capture} names");
            }
        }

        return (checkpoint.TreeSize, root, fingerprint, captures, proofs with { Items = [.. proven.Select(p => p.Item)] }, ProvenEvents(proven));
    }

    /// <summary>A proven event's JSON as an object; null when it is not one (a log Archive writes never holds such an event).</summary>
    private static JsonObject? ParseEvent(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
