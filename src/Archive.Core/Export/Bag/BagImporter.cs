using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Export.Bag;

/// <summary>
/// Validates a bag as Archive writes it (RFC 8493: declaration, every payload file against manifest-sha256.txt
/// and no file beside them, every tag file against tagmanifest-sha256.txt, Payload-Oxum; then the checkpoint's
/// signature and every event's inclusion proof), and only then ingests each original with its metadata and an
/// imported event that names the bag's log, checkpoint and the leaf hash of each event it brought.
/// </summary>
public sealed class BagImporter
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;
    private readonly Func<Ingestor> _ingestor;

    internal BagImporter(ArchiveDatabase database, EventLog log, Func<Ingestor> ingestor)
    {
        _database = database;
        _log = log;
        _ingestor = ingestor;
    }

    public static BagReport Validate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var bag = Path.GetFullPath(directory);
        if (!Directory.Exists(bag))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"{directory}: no such folder");
        }

        var problems = new List<string>();
        var declaration = Path.Combine(bag, BagFiles.Declaration);
        if (!File.Exists(declaration) || !File.ReadAllText(declaration).Contains("BagIt-Version: 1.0", StringComparison.Ordinal))
        {
            problems.Add($"{BagFiles.Declaration}: missing, or not BagIt-Version: 1.0");
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
            if (relative.StartsWith("data/", StringComparison.Ordinal) || relative.Split('/').Any(part => part is ".." or "."))
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

        var info = ReadInfo(bag);
        var oxum = string.Create(CultureInfo.InvariantCulture, $"{bytes}.{manifest.Count}");
        if (info.TryGetValue("Payload-Oxum", out var statedOxum) && statedOxum != oxum)
        {
            problems.Add($"{BagFiles.Info}: Payload-Oxum {statedOxum} but the payload is {oxum} (bytes.files)");
        }

        var (origin, size, root, fingerprint, captures) = CheckProofs(bag, manifest, problems);
        return new BagReport(bag, problems.Count == 0, captures, manifest.Count, bytes, size, root, fingerprint, problems, []);
    }

    /// <summary>Validates the bag; when it holds, ingests each capture and records where it came from.</summary>
    public BagReport Import(string directory, string agent, CancellationToken cancellationToken)
    {
        var report = Validate(directory);
        if (!report.Ok)
        {
            return report;
        }

        var imported = new List<string>();
        var staging = Path.Combine(Path.GetTempPath(), "archive-bag-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var captureId in report.Captures)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var folder = Path.Combine(report.Directory, "data", "captures", Sha256Digest.Parse(captureId).Hex);
                var original = Directory.EnumerateFiles(Path.Combine(folder, "original")).Single();
                var stage = Path.Combine(staging, Sha256Digest.Parse(captureId).Hex);
                Directory.CreateDirectory(stage);
                var staged = Path.Combine(stage, Path.GetFileName(original));
                File.Copy(original, staged);
                File.Copy(Path.Combine(folder, "metadata.json"), staged + ".meta.json");
                var outcome = _ingestor().Ingest(new IngestRequest([staged], new Dictionary<string, FieldValue>(), agent), null, cancellationToken).Single();
                if (outcome.CaptureId != captureId)
                {
                    throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{original}: ingested as {outcome.CaptureId ?? outcome.Status.ToString()}, not {captureId} ({outcome.Reason})");
                }

                RecordImport(report, captureId, folder, outcome.Status.ToString().ToLowerInvariant(), agent);
                imported.Add($"{captureId} {outcome.Status.ToString().ToLowerInvariant()}");
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

    private void RecordImport(BagReport report, string captureId, string folder, string status, string agent)
    {
        var proofs = JsonNode.Parse(File.ReadAllText(Path.Combine(report.Directory, BagFiles.Proofs)))!;
        var events = new JsonArray();
        foreach (var item in proofs["items"]!.AsArray().Where(i => i!["capture"]!.GetValue<string>() == captureId))
        {
            events.Add(new JsonObject { ["index"] = item!["event_index"]!.GetValue<long>(), ["leaf_hash"] = item["leaf_hash"]!.GetValue<string>() });
        }

        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = _log.BeginAppend(connection, transaction);
        appender.Append(new NewEvent(EventType.Imported, captureId, agent, status, new JsonObject
        {
            ["format"] = "bagit-1.0",
            ["bag"] = report.Directory,
            ["origin"] = proofs["origin"]?.GetValue<string>(),
            ["checkpoint_size"] = report.CheckpointSize,
            ["checkpoint_root"] = report.CheckpointRoot,
            ["key"] = report.KeyFingerprint,
            ["text_in_bag"] = "sha256:" + BagFiles.Sha256File(Path.Combine(folder, "text.txt")),
            ["events"] = events,
        }));
        appender.Seal();
        transaction.Commit();
    }

    private static Dictionary<string, string> ReadInfo(string bag)
    {
        var info = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(bag, BagFiles.Info);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    info.TryAdd(line[..colon], line[(colon + 1)..].Trim());
                }
            }
        }

        return info;
    }

    /// <summary>The checkpoint's signature under the bag's public key, and every event's inclusion proof against its root.</summary>
    private static (string Origin, long Size, string Root, string Fingerprint, List<string> Captures) CheckProofs(string bag, Dictionary<string, string> manifest, List<string> problems)
    {
        var captures = manifest.Keys.Where(k => k.StartsWith("data/captures/", StringComparison.Ordinal))
            .Select(k => k.Split('/')[2]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(h => "sha256:" + h).ToList();
        var checkpointPath = Path.Combine(bag, BagFiles.Checkpoint);
        var publicKeyPath = Path.Combine(bag, BagFiles.PublicKey);
        var proofsPath = Path.Combine(bag, BagFiles.Proofs);
        if (!File.Exists(checkpointPath) || !File.Exists(publicKeyPath) || !File.Exists(proofsPath) || !File.Exists(Path.Combine(bag, BagFiles.Signature)))
        {
            problems.Add($"{BagFiles.Provenance}/: the checkpoint, its signature, the public key or the inclusion proofs are missing");
            return (string.Empty, 0, string.Empty, string.Empty, captures);
        }

        var body = File.ReadAllBytes(checkpointPath);
        var checkpoint = Checkpoint.TryParse(Encoding.UTF8.GetString(body));
        using var key = CheckpointSigner.FromPublicPem(File.ReadAllText(publicKeyPath));
        var fingerprint = key is null ? string.Empty : "sha256:" + key.KeyId;
        if (checkpoint is null || key is null || !key.Verify(body, File.ReadAllBytes(Path.Combine(bag, BagFiles.Signature))))
        {
            problems.Add($"{BagFiles.Checkpoint}: not a checkpoint signed by {BagFiles.PublicKey}");
            return (string.Empty, 0, string.Empty, fingerprint, captures);
        }

        var root = Convert.ToBase64String(checkpoint.Root);
        JsonNode? proofs;
        try
        {
            proofs = JsonNode.Parse(File.ReadAllText(proofsPath));
        }
        catch (JsonException)
        {
            proofs = null;
        }

        var proven = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in proofs?["items"]?.AsArray() ?? [])
        {
            try
            {
                var index = item!["event_index"]!.GetValue<long>();
                var eventJson = item["event"]!.GetValue<string>();
                var path = item["path"]!.AsArray().Select(p => Convert.FromHexString(p!.GetValue<string>())).ToList();
                var leaf = MerkleHash.LeafHash(Encoding.UTF8.GetBytes(eventJson));
                var capture = item["capture"]!.GetValue<string>();
                if (!MerkleProofs.VerifyInclusion(index, checkpoint.TreeSize, leaf, path, checkpoint.Root))
                {
                    problems.Add($"event {index} of {capture}: its inclusion proof does not lead to the checkpoint's root {root}");
                    continue;
                }

                var named = JsonNode.Parse(eventJson)?["capture"]?.GetValue<string>();
                if (named != capture)
                {
                    problems.Add($"event {index}: it names capture {named}, not {capture}");
                    continue;
                }

                proven.Add(capture);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException)
            {
                problems.Add($"{BagFiles.Proofs}: a malformed item ({ex.Message})");
            }
        }

        foreach (var capture in captures)
        {
            var folder = $"data/captures/{capture[7..]}/original/";
            var originals = manifest.Where(m => m.Key.StartsWith(folder, StringComparison.Ordinal)).ToList();
            if (originals.Count != 1 || originals[0].Value != capture[7..])
            {
                problems.Add($"{capture}: its original in {folder} is not one file with that SHA-256");
            }

            if (!proven.Contains(capture))
            {
                problems.Add($"{capture}: no event in {BagFiles.Proofs} proves it is in the signed log");
            }
        }

        return (checkpoint.Origin, checkpoint.TreeSize, root, fingerprint, captures);
    }
}
