using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Ingestion;

/// <summary>
/// Ingests files and folders: checks type and content, stores the original and its canonical text
/// content-addressed, then records capture, metadata and events in one SQLite transaction; the search index then
/// catches up from the catalog.
/// Documents are committed in groups (group commit); a document is acknowledged only after its group commits.
/// </summary>
public sealed class Ingestor
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _log;
    private readonly ExtractorRegistry _extractors;
    private readonly ICaptureIndex _index;
    private readonly ArchiveLayout? _layout;

    internal Ingestor(ArchiveDatabase database, ContentStore store, EventLog log, ExtractorRegistry extractors, ICaptureIndex index, ArchiveLayout? layout = null)
    {
        _layout = layout;
        _database = database;
        _store = store;
        _log = log;
        _extractors = extractors;
        _index = index;
    }

    private const int GroupSize = 256;

    /// <summary>Files prepared ahead of the commits, and the threads that prepare them.</summary>
    private const int PrepareAhead = 64;

    private static readonly int PrepareWorkers = Math.Clamp(Environment.ProcessorCount * 2, 2, 4);
    private static readonly TimeSpan GroupTime = TimeSpan.FromSeconds(2);

    /// <summary>Originals larger than this are extracted as a stream into the store when their extractor can (plain text, HTML).</summary>
    internal const long StreamingThreshold = 16L << 20;

    public IReadOnlyList<IngestOutcome> Ingest(IngestRequest request, IProgress<IngestProgress>? progress, CancellationToken cancellationToken) =>
        Ingest(request, progress, null, cancellationToken);

    /// <param name="committed">
    /// Called on the ingesting thread with each ingested or duplicate outcome as soon as its group has committed,
    /// so a caller can acknowledge documents before the whole batch ends.
    /// </param>
    public IReadOnlyList<IngestOutcome> Ingest(IngestRequest request, IProgress<IngestProgress>? progress, Action<IngestOutcome>? committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Ocr.Languages is { } languages && !TesseractLanguages.IsWellFormed(languages))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"OCR languages '{languages}' are not Tesseract names joined by '+', like ara+eng");
        }

        var outcomes = new List<IngestOutcome>();
        var files = InputEnumerator.Enumerate(request.Paths, outcomes, _layout?.OwnEntryTest());
        return Run([.. files.Select(f => new Input(f, null))], request, outcomes, progress, committed, cancellationToken);
    }

    /// <summary>
    /// Ingests documents given in memory, as files of their names with sidecars of their fields would be, without
    /// writing them anywhere first: the archive's evaluation builds its temporary archive this way.
    /// </summary>
    internal IReadOnlyList<IngestOutcome> Ingest(IReadOnlyList<IngestItem> items, string agent, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var request = new IngestRequest([], new Dictionary<string, FieldValue>(), agent);
        return Run([.. items.Select(i => new Input(i.Name, i))], request, [], progress, null, cancellationToken);
    }

    private List<IngestOutcome> Run(List<Input> files, IngestRequest request, List<IngestOutcome> outcomes, IProgress<IngestProgress>? progress, Action<IngestOutcome>? committed, CancellationToken cancellationToken)
    {
        // Before any blob is stored: a refused write leaves nothing behind.
        _log.RequireSigner();
        using var connection = _database.Open();
        if (_index.Problem() is { } outdated)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, outdated);
        }

        using var tuned = ArchiveDatabase.ForBatchWrites(connection);
        _store.RemoveStaleTemps();
        var pending = new List<PreparedDocument>();
        var groupClock = Stopwatch.StartNew();
        var done = outcomes.Count;
        var total = files.Count + outcomes.Count;
        using var batch = _index.BeginBatch();
        var chunks = Chunks(files).ToList();
        Task<(PreparedDocument? Prepared, IngestOutcome? Rejection)[]>? ahead = null;
        try
        {
            // Files are staged and extracted a few at a time in parallel (creating a file is slow on some file
            // systems and extraction is CPU work), one chunk ahead: the next chunk is prepared while this one's
            // group commits, which mostly waits for the disk. They are committed, acknowledged and reported in input
            // order.
            for (var c = 0; c < chunks.Count; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = chunks[c];
                var ready = ahead is null ? PrepareInParallel(chunk, request, cancellationToken) : ahead.GetAwaiter().GetResult();
                ahead = null;
                using var leftovers = new StagedLeftovers(ready);
                if (c + 1 < chunks.Count)
                {
                    var next = chunks[c + 1];
                    ahead = Task.Run(() => PrepareInParallel(next, request, cancellationToken), CancellationToken.None);
                }

                for (var i = 0; i < chunk.Length; i++)
                {
                    var file = chunk[i];
                    var (prepared, rejection) = ready[i];
                    ready[i] = default;
                    if (prepared is null && rejection is null)
                    {
                        // Left for this thread (OCR reports page progress and runs its own threads).
                        cancellationToken.ThrowIfCancellationRequested();
                        var finished = done;
                        var pages = progress is null ? null : new Progress<OcrProgress>(p => progress.Report(new IngestProgress(finished, total, file.Path) { Pages = p }));
                        prepared = Prepare(file, request, connection, pages, cancellationToken, out rejection);
                    }

                    if (prepared is null)
                    {
                        outcomes.Add(rejection!);
                    }
                    else
                    {
                        pending.Add(prepared);
                    }

                    if (pending.Count >= GroupSize || (pending.Count > 0 && groupClock.Elapsed > GroupTime))
                    {
                        Acknowledge(CommitGroup(connection, pending, request.Agent), pending);
                        pending.Clear();
                        groupClock.Restart();
                    }

                    progress?.Report(new IngestProgress(++done, total, file.Path));
                }
            }

            Acknowledge(CommitGroup(connection, pending, request.Agent), pending);
            pending.Clear();
        }
        finally
        {
            foreach (var document in pending)
            {
                DeleteStaged(document);
            }

            // A chunk still being prepared when the ingest stops: what it staged is deleted once it ends (a chunk
            // that fails deletes its own).
            if (ahead is not null)
            {
                Task.WaitAny([ahead], CancellationToken.None);
                if (ahead.IsCompletedSuccessfully)
                {
                    new StagedLeftovers(ahead.Result).Dispose();
                }
            }
        }

        return outcomes;

        // Acknowledged once the catalog has committed; the derived index catches up after, from the texts in hand.
        void Acknowledge(List<IngestOutcome> group, List<PreparedDocument> documents)
        {
            outcomes.AddRange(group);
            foreach (var outcome in group)
            {
                committed?.Invoke(outcome);
            }

            if (group.Count > 0)
            {
                var texts = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var document in documents)
                {
                    // A streamed text is read back from the store as the index writes it: it is never in memory whole.
                    if (document.Text is { } text && document.Extracted is { Streamed: null } extracted)
                    {
                        texts[text.Digest.Id] = extracted.Text;
                    }
                }

                batch.CatalogChanged(texts);
            }
        }
    }

    /// <summary>
    /// The files in chunks that grow from one to <see cref="PrepareAhead"/>: a small ingest starts no threads, and a
    /// file is read no further ahead of the commits than the batch has already come.
    /// </summary>
    private static IEnumerable<Input[]> Chunks(List<Input> files)
    {
        var size = 1;
        for (var start = 0; start < files.Count; start += size, size = Math.Min(PrepareAhead, size * 2))
        {
            yield return files.GetRange(start, Math.Min(size, files.Count - start)).ToArray();
        }
    }

    /// <summary>
    /// Prepares the files of one chunk on up to <see cref="PrepareWorkers"/> threads, each with its own connection.
    /// A file for an OCR extractor is left for the caller (both parts of its result null). When one file fails, the
    /// others' staged files are deleted and the failure is thrown.
    /// </summary>
    private (PreparedDocument? Prepared, IngestOutcome? Rejection)[] PrepareInParallel(Input[] chunk, IngestRequest request, CancellationToken cancellationToken)
    {
        var results = new (PreparedDocument? Prepared, IngestOutcome? Rejection)[chunk.Length];
        var next = -1;
        ExceptionDispatchInfo? failure = null;

        void Work()
        {
            using var connection = _database.OpenUnmapped();
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunk.Length && Volatile.Read(ref failure) is null)
            {
                try
                {
                    if (_extractors.TryGet(chunk[i].Path, out var extractor) && extractor is IOcrExtractor)
                    {
                        continue;
                    }

                    var prepared = Prepare(chunk[i], request, connection, null, cancellationToken, out var rejection);
                    results[i] = (prepared, rejection);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(ex), null);
                }
            }
        }

        var helpers = Enumerable.Range(0, Math.Min(PrepareWorkers, chunk.Length) - 1).Select(_ => Task.Run(Work)).ToArray();
        Work();
        Task.WaitAll(helpers, CancellationToken.None); // the workers see the token themselves; all must stop before the results are read
        if (failure is not null)
        {
            foreach (var (prepared, _) in results)
            {
                if (prepared is not null)
                {
                    DeleteStaged(prepared);
                }
            }

            failure.Throw();
        }

        return results;
    }

    /// <summary>
    /// Ingests one upload straight from its stream: the bytes are hashed into the store as they arrive (no temporary
    /// folder), the extractor is chosen by <paramref name="fileName"/>, and the event records <c>upload:NAME</c> as
    /// the supplied path. A stream longer than <paramref name="maxBytes"/> is refused and nothing is kept.
    /// </summary>
    public async Task<IngestOutcome> IngestUploadAsync(
        Stream content, string fileName, long maxBytes, IReadOnlyDictionary<string, FieldValue> metadata, string agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        // Before the upload is staged or stored: a refused write leaves nothing behind.
        _log.RequireSigner();
        var supplied = "upload:" + fileName;
        if (!_extractors.TryGet(fileName, out var extractor))
        {
            return Reject(supplied, $"unsupported file type '{Path.GetExtension(fileName)}'; supported: {string.Join(", ", _extractors.SupportedExtensions)}");
        }

        using var connection = _database.Open();
        if (_index.Problem() is { } outdated)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, outdated);
        }

        _store.RemoveStaleTemps();
        var original = await _store.StageAsync(content, maxBytes, cancellationToken);
        if (original is null)
        {
            return Reject(supplied, $"the upload is larger than {maxBytes} bytes");
        }

        if (_extractors.CheckContent(extractor, original.TempPath, fileName) is { } reason)
        {
            ContentStore.TryDelete(original.TempPath);
            return Reject(supplied, reason);
        }

        var request = new IngestRequest([], metadata, agent, supplied);
        var prepared = PrepareStaged(supplied, fileName, extractor, null, original, request, connection, null, cancellationToken, out var rejection);
        if (prepared is null)
        {
            return rejection!;
        }

        try
        {
            var outcome = CommitGroup(connection, [prepared], agent).Single();
            _index.CatalogChanged();
            return outcome;
        }
        catch
        {
            DeleteStaged(prepared);
            throw;
        }
    }

    private PreparedDocument? Prepare(Input input, IngestRequest request, SqliteConnection connection, IProgress<OcrProgress>? pages, CancellationToken cancellationToken, out IngestOutcome? rejection)
    {
        rejection = null;
        var path = input.Path;
        if (!_extractors.TryGet(path, out var extractor))
        {
            rejection = Reject(path, $"unsupported file type '{Path.GetExtension(path)}'; supported: {string.Join(", ", _extractors.SupportedExtensions)}");
            return null;
        }

        if (input.Item is { } item)
        {
            var staged = _store.Stage(item.Content);
            if (_extractors.CheckContent(extractor, staged.TempPath, path) is { } wrong)
            {
                ContentStore.TryDelete(staged.TempPath);
                rejection = Reject(path, wrong);
                return null;
            }

            var fields = new Sidecar(path + SidecarReader.Suffix, item.Fields, null);
            return PrepareStaged(path, Path.GetFileName(path), extractor, fields, staged, request, connection, pages, cancellationToken, out rejection, item.Content);
        }

        Sidecar? sidecar;
        try
        {
            sidecar = SidecarReader.Locate(path) is { } sidecarPath ? SidecarReader.Read(sidecarPath) : null;
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
        {
            rejection = Reject(path, ex.Message);
            return null;
        }

        StagedBlob original;
        byte[]? content = null;
        try
        {
            // A small file is read once: its content is checked, hashed, staged and extracted from the same bytes.
            if (extractor is IInMemoryExtractor && ReadSmall(path) is { } whole)
            {
                if (_extractors.CheckContent(extractor, whole, path) is { } wrong)
                {
                    rejection = Reject(path, wrong);
                    return null;
                }

                content = whole;
                original = _store.Stage(content);
            }
            else
            {
                if (_extractors.CheckContent(extractor, path) is { } reason)
                {
                    rejection = Reject(path, reason);
                    return null;
                }

                original = _store.Stage(path, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // .NET reads a name that is not UTF-8 with U+FFFD in place of the bad bytes, and that name opens nothing.
            rejection = Reject(path, path.Contains('\uFFFD', StringComparison.Ordinal)
                ? "its name is not valid UTF-8, so it cannot be opened by name here; rename it (for example with convmv) and ingest it again"
                : "file disappeared before it could be read");
            return null;
        }
        catch (UnauthorizedAccessException) when (!CanOpen(path))
        {
            rejection = Reject(path, "permission denied reading the file");
            return null;
        }

        return PrepareStaged(path, Path.GetFileName(path), extractor, sidecar, original, request, connection, pages, cancellationToken, out rejection, content);
    }

    /// <summary>Originals up to this size are read whole into memory once (see <see cref="ReadSmall"/>).</summary>
    private const int SmallFile = 1 << 20;

    /// <summary>
    /// The whole content of a file of 1 to <see cref="SmallFile"/> bytes, read through one handle; null for any other
    /// (empty, larger, or grown while read), which is then read as a stream. A named pipe, socket or device reports no
    /// size, so it is never opened here (opening a pipe waits for a writer).
    /// </summary>
    private static byte[]? ReadSmall(string path)
    {
        var size = new FileInfo(path).Length;
        if (size is 0 or > SmallFile)
        {
            return null;
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var content = new byte[size];
        var length = 0;
        int read;
        while (length < content.Length && (read = RandomAccess.Read(handle, content.AsSpan(length), length)) > 0)
        {
            length += read;
        }

        Span<byte> beyond = stackalloc byte[1];
        if (length == content.Length && RandomAccess.Read(handle, beyond, length) > 0)
        {
            return null;
        }

        return length == content.Length ? content : length == 0 ? null : content.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// Extracts text and gathers metadata for an original already staged in the store; deletes the staged file on
    /// rejection. <paramref name="content"/>, when given, is the staged original's bytes, read from for extraction.
    /// </summary>
    private PreparedDocument? PrepareStaged(
        string path, string originalName, IExtractor extractor, Sidecar? sidecar, StagedBlob original, IngestRequest request, SqliteConnection connection, IProgress<OcrProgress>? pages, CancellationToken cancellationToken, out IngestOutcome? rejection, byte[]? content = null)
    {
        rejection = null;
        var metadata = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (CatalogQueries.CaptureExists(connection, original.Digest.Id))
        {
            Merge(metadata, request.CommandLineMetadata);
            Merge(metadata, sidecar?.Fields);
            return new PreparedDocument(path, originalName, extractor.MediaType, original, null, null, metadata) { RecordedPath = request.SuppliedAs ?? path };
        }

        ExtractedDocument extracted;
        try
        {
            extracted = extractor switch
            {
                IOcrExtractor ocr => ocr.Extract(original.TempPath, request.Ocr, LanguageTag(request, sidecar), pages, cancellationToken),
                IStreamingExtractor streaming when original.Size > StreamingThreshold => ExtractStreaming(streaming, original.TempPath, sidecar?.Encoding, cancellationToken),
                IInMemoryExtractor inMemory when content is not null => inMemory.ExtractBytes(content, sidecar?.Encoding, cancellationToken),
                _ => extractor.Extract(original.TempPath, sidecar?.Encoding, cancellationToken),
            };
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.Unreadable)
        {
            ContentStore.TryDelete(original.TempPath);
            rejection = Reject(path, ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is not (ArchiveException or OperationCanceledException or IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // A fault of an extractor's library on one odd file rejects that file, not the batch; the store's own
            // troubles (a full disk), cancellation and a missing tool still stop it.
            ContentStore.TryDelete(original.TempPath);
            rejection = Reject(path, $"could not be read ({ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()})");
            return null;
        }
        catch
        {
            ContentStore.TryDelete(original.TempPath);
            throw;
        }

        // An original that is already its canonical text (most plain text) is stored once: no second file to create.
        // The text is encoded a chunk at a time, so a large text is never held again as bytes.
        StagedBlob text;
        if (extracted.Streamed is { } streamed)
        {
            text = streamed.Blob.Digest == original.Digest ? original : streamed.Blob;
            if (!ReferenceEquals(text, streamed.Blob))
            {
                ContentStore.TryDelete(streamed.Blob.TempPath);
            }
        }
        else
        {
            text = Encoding.UTF8.GetByteCount(extracted.Text) == original.Size && ContentStore.HashText(extracted.Text).Digest == original.Digest
                ? original
                : _store.StageText(extracted.Text, cancellationToken);
        }

        var layout = extracted.Layout is { } words ? _store.Stage((words with { TextSha256 = text.Digest.Id }).ToJson()) : null;
        foreach (var (name, raw) in extracted.Metadata)
        {
            if (MetadataField.Find(name) is { } field && !string.IsNullOrWhiteSpace(raw))
            {
                try
                {
                    metadata[name] = new FieldValue(FieldParser.ParseText(field, raw), FieldOrigin.Document(extracted.MetadataSource ?? extracted.Extractor.Name));
                }
                catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
                {
                    // A malformed value inside the document (say, a PDF date in an odd form) is not worth rejecting the file for.
                }
            }
        }

        Merge(metadata, request.CommandLineMetadata);
        Merge(metadata, sidecar?.Fields);
        foreach (var (name, guess) in DerivedMetadata.From(extracted.TextHead))
        {
            if (guess is not null)
            {
                metadata.TryAdd(name, guess);
            }
        }

        return new PreparedDocument(path, originalName, extractor.MediaType, original, text, extracted, metadata)
        {
            RecordedPath = request.SuppliedAs ?? path,
            Layout = layout,
        };
    }

    /// <summary>Extracts a large input into a staged text as it is read (see <see cref="IStreamingExtractor"/>).</summary>
    private ExtractedDocument ExtractStreaming(IStreamingExtractor extractor, string path, string? declaredEncoding, CancellationToken cancellationToken)
    {
        using var output = new CanonicalTextWriter(_store.BeginStaging());
        var extracted = extractor.ExtractInto(path, declaredEncoding, output, cancellationToken);
        return extracted with { Streamed = output.Complete() };
    }

    // The language a sidecar or --meta gives (the sidecar wins, as it does for every field), to choose OCR languages.
    private static string? LanguageTag(IngestRequest request, Sidecar? sidecar)
    {
        if (sidecar?.Fields is { } fields && fields.TryGetValue("language", out var fromSidecar))
        {
            return fromSidecar.Display;
        }

        return request.CommandLineMetadata.TryGetValue("language", out var fromCli) ? fromCli.Display : null;
    }

    private static void DeleteStaged(PreparedDocument document)
    {
        ContentStore.TryDelete(document.Original.TempPath);
        if (document.Text is not null)
        {
            ContentStore.TryDelete(document.Text.TempPath);
        }

        if (document.Layout is not null)
        {
            ContentStore.TryDelete(document.Layout.TempPath);
        }
    }

    private List<IngestOutcome> CommitGroup(SqliteConnection connection, List<PreparedDocument> documents, string agent)
    {
        var outcomes = new List<IngestOutcome>(documents.Count);
        if (documents.Count == 0)
        {
            return outcomes;
        }

        _store.MakeDurable(documents.SelectMany(Staged).ToList());
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in documents.SelectMany(Staged))
        {
            _store.Commit(blob, dirty);
        }

        _store.SyncDirectories(dirty);

        using var transaction = ArchiveDatabase.BeginWrite(connection);
        _store.RequireStored(documents.SelectMany(Staged).Select(b => b.Digest));
        var appender = _log.BeginAppend(connection, transaction);
        using var writer = new CatalogWriter(connection, transaction);
        foreach (var document in documents)
        {
            if (writer.CaptureExists(document.Original.Digest.Id) || document.Extracted is null)
            {
                outcomes.Add(RecordDuplicate(connection, transaction, appender, document, agent));
            }
            else
            {
                var entry = writer.Insert(appender, ToNewCapture(document), agent);
                outcomes.Add(new IngestOutcome(document.Path, IngestStatus.Ingested, CaptureId.Parse(entry.CaptureId), entry.Slug, entry.Title, document.Original.Size, document.MediaType, entry.Version)
                {
                    Note = document.Extracted.Note,
                });
            }
        }

        appender.Seal();
        transaction.Commit();
        return outcomes;
    }

    /// <summary>One input of a batch: a file at <paramref name="Path"/>, or a document given in memory under that name.</summary>
    private readonly record struct Input(string Path, IngestItem? Item);

    /// <summary>Deletes the staged files of prepared documents a failed chunk did not reach (those taken are set to default).</summary>
    private sealed class StagedLeftovers((PreparedDocument? Prepared, IngestOutcome? Rejection)[] ready) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (prepared, _) in ready)
            {
                if (prepared is not null)
                {
                    DeleteStaged(prepared);
                }
            }
        }
    }

    private static IEnumerable<StagedBlob> Staged(PreparedDocument document)
    {
        yield return document.Original;
        if (document.Text is not null && !ReferenceEquals(document.Text, document.Original))
        {
            yield return document.Text;
        }

        if (document.Layout is not null)
        {
            yield return document.Layout;
        }
    }

    private static IngestOutcome RecordDuplicate(SqliteConnection connection, SqliteTransaction transaction, EventLog.Appender appender, PreparedDocument document, string agent)
    {
        var captureId = document.Original.Digest.Id;
        var data = new JsonObject
        {
            ["path"] = document.RecordedPath,
            ["original_name"] = document.OriginalName,
            ["metadata"] = CatalogWriter.MetadataJson(document.Metadata),
        };
        appender.Append(new NewEvent(EventType.DuplicateSupplied, captureId, agent, "duplicate", data));
        var (slug, title, withdrawn) = CatalogQueries.SlugAndTitle(connection, captureId, transaction);
        var id = CaptureId.FromDigest(document.Original.Digest);
        // Supplying the same bytes again does not bring a withdrawn capture back into searches: the user is told so.
        return new IngestOutcome(document.Path, IngestStatus.Duplicate, id, slug, title, document.Original.Size, document.MediaType)
        {
            Note = withdrawn ? $"the archived capture of these bytes was withdrawn and stays out of searches; its record says when, by whom and why (its document page, or `archive show {id.Short}`)" : null,
        };
    }

    private static NewCapture ToNewCapture(PreparedDocument document)
    {
        var extracted = document.Extracted!;
        var extractor = new ExtractorRecord(extracted.Extractor.Name, extracted.Extractor.Version, extracted.Extractor.Settings);
        return new NewCapture(
            document.Original.Digest, document.Original.Size, document.MediaType, document.OriginalName, document.RecordedPath,
            document.Text!.Digest, document.Text.Size, extracted.TextLength, extracted.PageStarts, extractor, document.Metadata)
        {
            Layout = document.Layout?.Digest,
        };
    }

    private static void Merge(Dictionary<string, FieldValue> target, IReadOnlyDictionary<string, FieldValue>? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (name, value) in source)
        {
            target[name] = value;
        }
    }

    // Tells an input the user may not read (reject that file) from a store that cannot be written (stop the batch).
    private static bool CanOpen(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IngestOutcome Reject(string path, string reason) => new(path, IngestStatus.Rejected, Reason: reason);
}
