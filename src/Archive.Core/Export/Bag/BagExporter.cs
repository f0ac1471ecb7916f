using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Export.Bag;

/// <summary>
/// Writes captures as a BagIt 1.0 bag (RFC 8493): each original and its canonical text under
/// <c>data/captures/&lt;sha256&gt;/</c> with its metadata, and a re-extracted capture's earlier texts under its
/// <c>texts/</c> (all listed in its <c>texts.json</c>); the signed checkpoint, the public key, every event of
/// each capture with its RFC 9162 inclusion proof, and the events as PROV-JSON under <c>provenance/</c> (tag files);
/// <c>manifest-sha256.txt</c>, <c>tagmanifest-sha256.txt</c> and <c>bag-info.txt</c> with the provenance summary.
/// </summary>
public sealed class BagExporter
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _log;
    private readonly CatalogReader _catalog;
    private readonly PackCatalog _packs;
    private readonly Func<Searcher> _searcher;

    internal BagExporter(ArchiveDatabase database, ContentStore store, EventLog log, CatalogReader catalog, PackCatalog packs, Func<Searcher> searcher)
    {
        _database = database;
        _store = store;
        _log = log;
        _catalog = catalog;
        _packs = packs;
        _searcher = searcher;
    }

    public BagReport Export(BagSelection selection, string directory, string agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var captures = Select(selection, cancellationToken);
        if (captures.Count == 0)
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, "nothing to export: the selection names no capture");
        }

        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new ArchiveException(ArchiveErrorKind.Conflict, $"{directory} is not empty: a bag is written into a new or empty folder");
        }

        var service = new LogService(_database, _log);
        var checkpoint = service.LatestCheckpoint();
        if ((checkpoint is null || captures.Any(c => c.Events.Any(e => e.Index >= checkpoint.TreeSize))) && _log.Signer.CanSign)
        {
            service.WriteCheckpoint();
            checkpoint = service.LatestCheckpoint();
        }

        if (checkpoint is null)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the log has no checkpoint and the signing key is not readable here: pass it with --key");
        }

        var bag = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        // Written into a folder beside the bag's and renamed to it only when complete (one rename in the same parent):
        // a write that fails midway, on a full disk say, leaves no half-written bag to refuse a second try.
        OutputFolder.Create(Path.GetDirectoryName(bag)!);
        var files = new BagWriter(bag + $".{Guid.NewGuid():N}.tmp", bag);
        var payload = new List<(string Path, string Digest, long Bytes)>();
        var events = new List<LoggedEvent>();
        try
        {
            files.Create();
            var proofs = new JsonArray();
            foreach (var detail in captures)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var capture = detail.Capture;
                var hex = capture.Id.Digest.Hex;
                var folder = $"data/captures/{hex}";
                payload.Add(files.Copy(_catalog.OriginalPath(capture), $"{folder}/original/{BagFiles.OriginalFileName(capture.OriginalName)}"));
                payload.Add(files.Copy(_store.PathFor(Sha256Digest.Parse(capture.TextSha256)), $"{folder}/{BagFiles.CurrentText}"));
                payload.AddRange(CopyTexts(detail, files, folder));
                var metadata = new JsonObject { ["slug"] = capture.Slug };
                foreach (var (name, value) in detail.Fields)
                {
                    metadata[name] = value.Value.DeepClone();
                }

                payload.Add(files.Write($"{folder}/metadata.json", metadata.ToJsonString(ArchiveJson.Options) + "\n"));
                foreach (var proof in service.ProveMany(detail.Events, checkpoint.TreeSize))
                {
                    proofs.Add((JsonNode)new JsonObject
                    {
                        ["capture"] = capture.Id.Value,
                        ["event_index"] = proof.Index,
                        ["event"] = proof.EventJson,
                        ["leaf_hash"] = Convert.ToHexStringLower(proof.LeafHash),
                        ["path"] = new JsonArray([.. proof.Path.Select(p => (JsonNode)Convert.ToHexStringLower(p))]),
                    });
                }

                events.AddRange(detail.Events.Where(e => e.Index < checkpoint.TreeSize));
            }

            var tags = new List<(string Path, string Digest, long Bytes)>
            {
                files.Write(BagFiles.Checkpoint, checkpoint.Body),
                files.Write(BagFiles.Signature, checkpoint.Signature),
                files.Write(BagFiles.PublicKey, _log.Signer.KeyId == checkpoint.KeyId ? _log.Signer.PublicKeyPem + "\n" : string.Empty),
                files.Write(BagFiles.Proofs, new JsonObject
                {
                    ["origin"] = _log.Origin,
                    ["tree_size"] = checkpoint.TreeSize,
                    ["root"] = checkpoint.Root,
                    ["leaf"] = "SHA-256(0x00 || event), node = SHA-256(0x01 || left || right) (RFC 9162 2.1.3)",
                    ["items"] = proofs,
                }.ToJsonString(ArchiveJson.Options) + "\n"),
                files.Write(BagFiles.Prov, BagProv.Document(captures.Select(c => c.Capture).ToList(), events).ToJsonString(ArchiveJson.Options) + "\n"),
                files.Write(BagFiles.Manifest, string.Concat(payload.OrderBy(p => p.Path, StringComparer.Ordinal).Select(p => BagFiles.Line(p.Digest, p.Path)))),
                files.Write(BagFiles.Declaration, BagFiles.DeclarationText),
                files.Write(BagFiles.Info, Info(captures, checkpoint, payload, events.Count)),
            };
            files.Write(BagFiles.TagManifest, string.Concat(tags.OrderBy(t => t.Path, StringComparer.Ordinal).Select(t => BagFiles.Line(t.Digest, t.Path))));

            // The folder named is new or empty (checked above): the complete bag takes its place.
            if (Directory.Exists(bag))
            {
                Directory.Delete(bag);
            }

            Directory.Move(files.Root, bag);
        }
        finally
        {
            files.DeleteUnfinished();
        }

        var fingerprint = "sha256:" + checkpoint.KeyId;
        // Recorded where the archive key can sign; a read-only copy exports without recording, as verify does.
        if (_log.Signer.CanSign)
        {
            using var connection = _database.Open();
            using var transaction = ArchiveDatabase.BeginWrite(connection);
            var appender = _log.BeginAppend(connection, transaction);
            appender.Append(new NewEvent(EventType.Exported, null, agent, "ok", new JsonObject
            {
                ["format"] = "bagit-1.0",
                ["bag"] = bag,
                ["captures"] = new JsonArray([.. captures.Select(c => (JsonNode)c.Capture.Id.Value)]),
                ["checkpoint_size"] = checkpoint.TreeSize,
                ["checkpoint_root"] = checkpoint.Root,
            }));
            appender.Seal();
            transaction.Commit();
        }

        return new BagReport(bag, true, captures.Select(c => c.Capture.Id.Value).ToList(), payload.Count, payload.Sum(p => p.Bytes), checkpoint.TreeSize, checkpoint.Root, fingerprint, [], []);
    }

    private string Info(List<CaptureDetail> captures, StoredCheckpoint checkpoint, List<(string Path, string Digest, long Bytes)> payload, int events)
    {
        var info = new StringBuilder();
        info.Append(CultureInfo.InvariantCulture, $"Bag-Software-Agent: {_log.ToolVersion}\n");
        info.Append(CultureInfo.InvariantCulture, $"Bagging-Date: {_log.Clock.GetUtcNow().UtcDateTime:yyyy-MM-dd}\n");
        info.Append(CultureInfo.InvariantCulture, $"Payload-Oxum: {payload.Sum(p => p.Bytes)}.{payload.Count}\n");
        info.Append(CultureInfo.InvariantCulture, $"External-Description: {captures.Count} captures from {_log.Origin} with their canonical texts, metadata, {events} provenance events (PROV-JSON) and each event's inclusion proof against the signed checkpoint of {checkpoint.TreeSize} events\n");
        info.Append(CultureInfo.InvariantCulture, $"Archive-Log-Origin: {_log.Origin}\n");
        info.Append(CultureInfo.InvariantCulture, $"Archive-Checkpoint-Size: {checkpoint.TreeSize}\n");
        info.Append(CultureInfo.InvariantCulture, $"Archive-Checkpoint-Root: {checkpoint.Root}\n");
        info.Append(CultureInfo.InvariantCulture, $"Archive-Key-Fingerprint: sha256:{checkpoint.KeyId}\n");
        foreach (var detail in captures)
        {
            info.Append(CultureInfo.InvariantCulture, $"Archive-Capture: {detail.Capture.Id} {OneLine(detail.Capture.Title ?? detail.Capture.Slug)}\n");
        }

        return info.ToString();
    }

    private static readonly UTF8Encoding Utf8 = new(false);

    private List<CaptureDetail> Select(BagSelection selection, CancellationToken cancellationToken)
    {
        var ids = new List<CaptureId>();
        foreach (var id in selection.Ids)
        {
            var resolution = _catalog.Resolve(id);
            ids.Add(resolution.Capture?.Id ?? throw new ArchiveException(ArchiveErrorKind.NotFound, resolution.Error ?? $"{id}: no such capture"));
        }

        if (selection.Search is { } query)
        {
            var response = _searcher().Search(new SearchRequest(query, selection.SearchLimit, PassagesPerHit: 0, Explain: false), cancellationToken);
            if (response.Error is { } error)
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--search {query}: {error.Message}");
            }

            ids.AddRange(response.Hits.Select(h => h.Id));
        }

        if (selection.Pack is { } packId)
        {
            var pack = _packs.Find(packId) ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"--pack {packId}: no such pack in this archive");
            var manifest = JsonNode.Parse(File.ReadAllText(pack.ManifestPath)) is JsonObject json ? PackManifest.Read(json) : null;
            var sources = manifest?.Sources ?? throw new ArchiveException(ArchiveErrorKind.Unreadable, $"--pack {packId}: its manifest {pack.ManifestPath} cannot be read");
            ids.AddRange(sources.Select(s => CaptureId.TryParse(s.Capture, out var id) ? id : throw new ArchiveException(ArchiveErrorKind.NotFound, $"{s.Capture}: no such capture")));
        }

        return ids.Distinct().Select(id => _catalog.Show(id) ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"{id}: no such capture")).ToList();
    }

    /// <summary>
    /// Every earlier text of a re-extracted capture under <c>texts/</c>, and <c>texts.json</c> listing every text the
    /// capture has had (oldest first) with its file, extractor and text-extracted event, and the current one's page starts.
    /// </summary>
    private List<(string, string, long)> CopyTexts(CaptureDetail detail, BagWriter bag, string folder)
    {
        var files = new List<(string, string, long)>();
        var versions = new JsonArray();
        var copied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in detail.Texts)
        {
            var digest = Sha256Digest.Parse(text.TextSha256);
            var isCurrent = text.TextSha256 == detail.Capture.TextSha256;
            var file = isCurrent ? BagFiles.CurrentText : $"{BagFiles.EarlierTexts}/{digest.Hex}.txt";
            if (!isCurrent && copied.Add(text.TextSha256))
            {
                files.Add(bag.Copy(_store.PathFor(digest), $"{folder}/{file}"));
            }

            versions.Add((JsonNode)new JsonObject
            {
                ["text"] = text.TextSha256,
                ["file"] = file,
                ["length"] = text.Length,
                ["extractor"] = new JsonObject { ["name"] = text.Extractor, ["version"] = text.ExtractorVersion, ["settings"] = text.ExtractorSettings },
                ["event_index"] = text.EventIndex,
                ["extracted_at"] = text.ExtractedAt,
                ["current"] = text.Current,
                ["replaces"] = text.Replaces,
                ["page_starts"] = text.Current ? new JsonArray([.. detail.PageStarts.Select(p => (JsonNode)p)]) : null,
            });
        }

        files.Add(bag.Write($"{folder}/{BagFiles.TextsIndex}", versions.ToJsonString(ArchiveJson.Options) + "\n"));
        return files;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>
    /// The files of a bag being written in its temporary folder. A write the file system refuses (a full disk, a file
    /// size limit) fails as one <see cref="IOException"/> naming the file and the bag it was for.
    /// </summary>
    private sealed class BagWriter(string root, string bag)
    {
        /// <summary>The temporary folder, renamed to the bag's when complete.</summary>
        public string Root { get; } = root;

        public (string Path, string Digest, long Bytes) Copy(string from, string relative) => Writing(relative, to => File.Copy(from, to));

        public (string Path, string Digest, long Bytes) Write(string relative, string text) => Writing(relative, to => File.WriteAllText(to, text, Utf8));

        public (string Path, string Digest, long Bytes) Write(string relative, byte[] bytes) => Writing(relative, to => File.WriteAllBytes(to, bytes));

        /// <summary>Creates the temporary folder, beside the bag's so that renaming it is one step.</summary>
        public void Create()
        {
            try
            {
                Directory.CreateDirectory(Root);
            }
            catch (Exception ex) when (WriteFailure.Is(ex))
            {
                throw WriteFailure.Naming(bag, "its temporary folder " + Root, ex);
            }
        }

        /// <summary>Removes the temporary folder unless it became the bag; a failure to remove it must not hide why.</summary>
        public void DeleteUnfinished()
        {
            try
            {
                if (Directory.Exists(Root))
                {
                    Directory.Delete(Root, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        private (string, string, long) Writing(string relative, Action<string> write)
        {
            var to = Path.Combine(Root, relative);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                write(to);
                return (relative, BagFiles.Sha256File(to), new FileInfo(to).Length);
            }
            catch (Exception ex) when (WriteFailure.Is(ex))
            {
                throw WriteFailure.Naming(bag, relative, ex);
            }
        }
    }
}
