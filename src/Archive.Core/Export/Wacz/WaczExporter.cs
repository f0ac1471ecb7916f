using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Export.Wacz;

/// <summary>
/// Packages web captures as a WACZ 1.1.1 file (a zip): each capture's WARC exactly as stored, under
/// <c>archive/&lt;sha256&gt;.warc</c> (stored, not compressed, so offsets stay readable); <c>indexes/index.cdxj</c>
/// with one sorted line per response and resource record (SURT key, 14-digit time, and JSON with the URL, media type,
/// status, payload digest, offset, length and WARC file); <c>pages/pages.jsonl</c> with one page per capture;
/// <c>datapackage.json</c> listing every file with its size and SHA-256; and <c>datapackage-digest.json</c> with that
/// file's hash signed by the archive key (ECDSA P-256, DER, over the hash string; <c>openssl dgst</c> checks it).
/// </summary>
public sealed class WaczExporter
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;
    private readonly CatalogReader _catalog;

    internal WaczExporter(ArchiveDatabase database, EventLog log, CatalogReader catalog)
    {
        _database = database;
        _log = log;
        _catalog = catalog;
    }

    /// <summary>The WACZ version written.</summary>
    public const string Version = "1.1.1";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>
    /// Writes the captures named by <paramref name="ids"/> (ids or slugs) to a new file <paramref name="output"/>.
    /// Throws <see cref="ArchiveException"/> when an id names no capture or a capture that is not from the web, when
    /// the file exists, or when the archive key cannot sign here.
    /// </summary>
    public WaczReport Export(IReadOnlyList<string> ids, string output, string agent, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (ids.Count == 0)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "nothing to export: name at least one web capture");
        }

        var captures = ids.Select(Select).DistinctBy(c => c.Detail.Capture.Id).ToList();
        var path = Path.GetFullPath(output);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new ArchiveException(ArchiveErrorKind.Conflict, $"{output} already exists: a WACZ is written to a new file");
        }

        var signer = _log.Signer;
        if (!signer.CanSign)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the archive's signing key is not readable here, so the WACZ cannot be signed: pass it with --key");
        }

        OutputFolder.Create(Path.GetDirectoryName(path)!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        var now = _log.Clock.GetUtcNow();
        var created = EventLog.FormatTime(now);
        var resources = new List<WaczResource>();
        var lines = new List<string>();
        try
        {
            // Unbuffered, and the zip disposed only once complete: on a failed write, disposing either would write again
            // and a second refusal by the file system would hide the first, which names the file.
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0))
            {
                var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
                for (var i = 0; i < captures.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var capture = captures[i].Detail.Capture;
                    var name = capture.Id.Digest.Hex + ".warc";
                    var warc = _catalog.OriginalPath(capture);
                    resources.Add(AddFile(zip, path, "archive/" + name, warc, capture.Id.Value, now));
                    lines.AddRange(WarcScanner.Records(warc).Where(r => r.Field("WARC-Type") is "response" or "resource" && r.Field("WARC-Target-URI") is not null).Select(r => CdxjLine(r, name)));
                    progress?.Report(new IngestProgress(i + 1, captures.Count, capture.Id.Value));
                }

                lines.Sort(StringComparer.Ordinal);
                resources.Add(AddText(zip, path, "indexes/index.cdxj", string.Concat(lines.Select(l => l + "\n")), now));
                var pages = new StringBuilder();
                pages.Append(new JsonObject { ["format"] = "json-pages-1.0", ["id"] = "pages", ["title"] = "All Pages" }.ToJsonString(Compact)).Append('\n');
                foreach (var (detail, web) in captures)
                {
                    pages.Append(new JsonObject
                    {
                        ["id"] = detail.Capture.Id.Digest.Hex,
                        ["url"] = web["url"]?.GetValue<string>(),
                        ["ts"] = web["started_at"]?.GetValue<string>(),
                        ["title"] = detail.Capture.Title,
                        ["size"] = detail.Capture.Size,
                    }.ToJsonString(Compact)).Append('\n');
                }

                resources.Add(AddText(zip, path, "pages/pages.jsonl", pages.ToString(), now));
                var first = captures[0].Web;
                var package = new JsonObject
                {
                    ["profile"] = "data-package",
                    ["wacz_version"] = Version,
                    ["title"] = captures.Count == 1 ? captures[0].Detail.Capture.Title ?? first["url"]?.GetValue<string>() : $"{captures.Count} web captures from {_log.Origin}",
                    ["description"] = $"Web captures from {_log.Origin}, each WARC exactly as archived (its name is its SHA-256, the capture id). Signed with the archive key sha256:{signer.KeyId}.",
                    ["created"] = created,
                    ["software"] = _log.ToolVersion,
                    ["mainPageUrl"] = first["url"]?.GetValue<string>(),
                    ["mainPageDate"] = first["started_at"]?.GetValue<string>(),
                    ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["path"] = r.Path, ["hash"] = r.Hash, ["bytes"] = r.Bytes })]),
                };
                var packageBytes = Encoding.UTF8.GetBytes(package.ToJsonString(Indented) + "\n");
                var packageHash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(packageBytes));
                AddBytes(zip, path, "datapackage.json", packageBytes, now);
                var digest = new JsonObject
                {
                    ["path"] = "datapackage.json",
                    ["hash"] = packageHash,
                    ["signedData"] = new JsonObject
                    {
                        ["hash"] = packageHash,
                        ["created"] = created,
                        ["software"] = _log.ToolVersion,
                        ["signature"] = Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes(packageHash))),
                        ["publicKey"] = Convert.ToBase64String(Convert.FromBase64String(string.Concat(signer.PublicKeyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))))),
                        ["signatureAlgorithm"] = "ECDSA P-256 with SHA-256 over the UTF-8 bytes of hash; signature DER (RFC 3279), base64; publicKey DER SubjectPublicKeyInfo, base64",
                        ["keyFingerprint"] = "sha256:" + signer.KeyId,
                    },
                };
                AddBytes(zip, path, "datapackage-digest.json", Encoding.UTF8.GetBytes(digest.ToJsonString(Indented) + "\n"), now);
                try
                {
                    zip.Dispose();
                    file.Flush(flushToDisk: true);
                }
                catch (Exception ex) when (WriteFailure.Is(ex))
                {
                    throw WriteFailure.Naming(path, "the zip's central directory", ex);
                }

                var size = file.Length;
                file.Dispose();
                File.Move(temp, path);
                Record(captures.Select(c => c.Detail.Capture.Id).ToList(), path, packageHash, signer.KeyId, agent);
                return new WaczReport(path, [.. captures.Select(c => c.Detail.Capture.Id)], resources, lines.Count, packageHash, "sha256:" + signer.KeyId, size);
            }
        }
        finally
        {
            ContentStore.TryDelete(temp);
        }
    }

    /// <summary>A capture by id or slug, with its <c>captured</c> event's data; refused when it is not a web capture.</summary>
    private (CaptureDetail Detail, JsonNode Web) Select(string id)
    {
        var resolution = _catalog.Resolve(id);
        var capture = resolution.Capture ?? throw new ArchiveException(ArchiveErrorKind.NotFound, resolution.Error ?? $"{id}: no such capture");
        var detail = _catalog.Show(capture.Id) ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"{id}: no such capture");
        var captured = detail.Events.LastOrDefault(e => e.Type == EventType.Captured);
        if (capture.MediaType != "application/warc" || captured is null || JsonNode.Parse(captured.Json)?["data"] is not { } web)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput,
                $"{id}: capture {capture.Id.Short} ({capture.OriginalName}, {capture.MediaType}) is not a web capture; only captures made by `archive capture` (a WARC original) go into a WACZ");
        }

        return (detail, web);
    }

    private static string CdxjLine(WarcRecordHead record, string file)
    {
        var url = record.Field("WARC-Target-URI")!;
        var date = DateTimeOffset.Parse(record.Field("WARC-Date") ?? throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{file}: a record at byte {record.Offset} has no WARC-Date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var json = new JsonObject
        {
            ["url"] = url,
            ["mime"] = record.Field("WARC-Type") == "response" ? MediaType(record.HttpContentType) : MediaType(record.Field("Content-Type")),
        };
        if (record.HttpStatus is { } status)
        {
            json["status"] = status.ToString(CultureInfo.InvariantCulture);
        }

        json["digest"] = record.Field("WARC-Payload-Digest") ?? record.Field("WARC-Block-Digest");
        json["length"] = record.Length.ToString(CultureInfo.InvariantCulture);
        json["offset"] = record.Offset.ToString(CultureInfo.InvariantCulture);
        json["filename"] = file;
        if (record.Field("WARC-Truncated") is { } truncated)
        {
            json["truncated"] = truncated;
        }

        return $"{SurtKey.For(url)} {date.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)} {json.ToJsonString(Compact)}";
    }

    private static string MediaType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType) ? "unk" : contentType.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Copies a WARC into the zip uncompressed, hashing it on the way; it must still hash to its capture id.</summary>
    private static WaczResource AddFile(ZipArchive zip, string wacz, string entryPath, string source, string expected, DateTimeOffset time)
    {
        var entry = zip.CreateEntry(entryPath, CompressionLevel.NoCompression);
        entry.LastWriteTime = time;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        try
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var stream = entry.Open();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                stream.Write(buffer, 0, read);
                bytes += read;
            }
        }
        catch (Exception ex) when (WriteFailure.Is(ex))
        {
            throw WriteFailure.Naming(wacz, entryPath, ex);
        }

        var digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        if (digest != expected)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the original of capture {expected} has changed on disk (it now hashes to {digest}); run `archive verify`");
        }

        return new WaczResource(Path.GetFileName(entryPath), entryPath, digest, bytes);
    }

    private static WaczResource AddText(ZipArchive zip, string wacz, string entryPath, string text, DateTimeOffset time) =>
        AddBytes(zip, wacz, entryPath, Encoding.UTF8.GetBytes(text), time);

    private static WaczResource AddBytes(ZipArchive zip, string wacz, string entryPath, byte[] bytes, DateTimeOffset time)
    {
        var entry = zip.CreateEntry(entryPath, CompressionLevel.Optimal);
        entry.LastWriteTime = time;
        try
        {
            using var stream = entry.Open();
            stream.Write(bytes);
        }
        catch (Exception ex) when (WriteFailure.Is(ex))
        {
            throw WriteFailure.Naming(wacz, entryPath, ex);
        }

        return new WaczResource(Path.GetFileName(entryPath), entryPath, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
    }

    private void Record(IReadOnlyList<CaptureId> captures, string path, string packageHash, string keyId, string agent)
    {
        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = _log.BeginAppend(connection, transaction);
        appender.Append(new NewEvent(EventType.Exported, null, agent, "ok", new JsonObject
        {
            ["format"] = "wacz-" + Version,
            ["file"] = path,
            ["captures"] = new JsonArray([.. captures.Select(c => (JsonNode)c.Value)]),
            ["datapackage_sha256"] = packageHash,
            ["key"] = "sha256:" + keyId,
        }));
        appender.Seal();
        transaction.Commit();
    }
}
