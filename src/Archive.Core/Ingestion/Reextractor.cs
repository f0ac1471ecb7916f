using System.Security.Cryptography;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using Archive.Core.Text;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Ingestion;

/// <summary>
/// Makes a new canonical text for captures already archived, from their unchanged originals (<c>archive reextract</c>):
/// with OCR in other languages, say, or a newer extractor. The original is re-hashed first; a new text is stored and
/// recorded by a new text-extracted event naming the text it replaces, with the extractor record of the new run, in one
/// transaction. The earlier text stays in the store and the log, so citations and packs pinned to it still verify;
/// search and vectors follow the new current text as the derived index catches up from the event. A byte-identical
/// text records nothing.
/// </summary>
public sealed class Reextractor
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _log;
    private readonly ExtractorRegistry _extractors;
    private readonly ICaptureIndex _index;

    internal Reextractor(ArchiveDatabase database, ContentStore store, EventLog log, ExtractorRegistry extractors, ICaptureIndex index)
    {
        _database = database;
        _store = store;
        _log = log;
        _extractors = extractors;
        _index = index;
    }

    private const string WarcMediaType = "application/warc";

    public IReadOnlyList<ReextractOutcome> Reextract(ReextractRequest request, IProgress<ReextractProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Before any new text is stored: a refused write leaves nothing behind.
        _log.RequireSigner();
        if (request.Ocr.Languages is { } languages && !TesseractLanguages.IsWellFormed(languages))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"OCR languages '{languages}' are not Tesseract names joined by '+', like ara+eng");
        }

        if (request.Ids.Count == 0 && !request.AllStale)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "name at least one capture to re-extract, or give --all-stale");
        }

        using var connection = _database.Open();
        if (_index.Problem() is { } outdated)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, outdated);
        }

        _store.RemoveStaleTemps();
        var outcomes = new List<ReextractOutcome>();
        var targets = new List<(string Given, CaptureSummary Capture)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in request.Ids)
        {
            var resolved = CatalogReader.Resolve(connection, id);
            if (resolved.Capture is null)
            {
                outcomes.Add(new ReextractOutcome(id, ReextractStatus.NotFound, Reason: resolved.Error));
            }
            else if (seen.Add(resolved.Capture.Id.Value))
            {
                targets.Add((id, resolved.Capture));
            }
        }

        if (request.AllStale)
        {
            foreach (var stale in CatalogQueries.EmptyPagedCaptures(connection).Where(id => seen.Add(id)))
            {
                targets.Add((stale, CatalogReader.Resolve(connection, stale).Capture!));
            }
        }

        var done = 0;
        foreach (var (given, capture) in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var finished = done;
            var pages = progress is null ? null : new Progress<OcrProgress>(p => progress.Report(new ReextractProgress(finished, targets.Count, capture.Id) { Pages = p }));
            outcomes.Add(ReextractOne(connection, given, capture, request, pages, cancellationToken));
            progress?.Report(new ReextractProgress(++done, targets.Count, capture.Id));
        }

        return outcomes;
    }

    private ReextractOutcome ReextractOne(
        SqliteConnection connection, string given, CaptureSummary capture, ReextractRequest request, IProgress<OcrProgress>? pages, CancellationToken cancellationToken)
    {
        var outcome = new ReextractOutcome(given, ReextractStatus.Failed, capture.Id, capture.Title, capture.TextSha256);
        if (capture.MediaType == WarcMediaType)
        {
            return outcome with
            {
                Status = ReextractStatus.Unsupported,
                Reason = "a web capture's text is the page as Chromium rendered it at capture time; the WARC alone cannot render it again, so its text is kept as it is",
            };
        }

        if (!_extractors.TryGetByMediaType(capture.MediaType, out var extractor))
        {
            return outcome with { Status = ReextractStatus.Unsupported, Reason = $"no extractor reads {capture.MediaType} any more" };
        }

        // The new text must come from the very bytes the capture names: re-hash the original before reading it.
        var original = _store.PathFor(capture.Id.Digest);
        try
        {
            var (digest, _) = ContentStore.HashFile(original, cancellationToken);
            if (digest != capture.Id.Digest)
            {
                return outcome with { Reason = $"the original has changed since ingest (it hashes to {digest.Id}); nothing was re-extracted; run `archive verify`" };
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return outcome with { Reason = "the original is missing from the blob store; run `archive verify`" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return outcome with { Reason = $"the original cannot be read: {ex.Message}" };
        }

        var settings = CatalogQueries.ExtractorSettings(connection, capture.Id.Value) ?? string.Empty;
        ExtractedDocument extracted;
        try
        {
            extracted = extractor is IOcrExtractor ocr
                ? ocr.Extract(original, request.Ocr, capture.Language, pages, cancellationToken)
                : extractor.Extract(original, DeclaredEncoding(settings), cancellationToken);
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.Unreadable)
        {
            return outcome with { Reason = ex.Message };
        }

        var record = new ExtractorRecord(extracted.Extractor.Name, extracted.Extractor.Version, extracted.Extractor.Settings);
        var bytes = Encoding.UTF8.GetBytes(extracted.Text);
        var textDigest = Sha256Digest.FromBytes(SHA256.HashData(bytes));
        var length = CodePoints.Count(extracted.Text);
        outcome = outcome with { Text = textDigest.Id, Length = length, Extractor = record, Note = extracted.Note };
        if (textDigest.Id == capture.TextSha256)
        {
            return outcome with { Status = ReextractStatus.Unchanged, Reason = "the new run made a byte-identical text; nothing was recorded" };
        }

        var staged = new List<StagedBlob>();
        try
        {
            // An original that is its own canonical text is already stored; only a text not yet in the store is written.
            if (!_store.TryReuse(textDigest))
            {
                staged.Add(_store.Stage(bytes));
            }

            if (extracted.Layout is { } words)
            {
                staged.Add(_store.Stage((words with { TextSha256 = textDigest.Id }).ToJson()));
            }

            var layout = extracted.Layout is null ? (Sha256Digest?)null : staged[^1].Digest;
            _store.MakeDurable(staged);
            var dirty = new HashSet<string>(StringComparer.Ordinal);
            foreach (var blob in staged)
            {
                _store.Commit(blob, dirty);
            }

            staged.Clear();
            _store.SyncDirectories(dirty);

            using var transaction = ArchiveDatabase.BeginWrite(connection);
            _store.RequireStored(layout is { } stored ? [textDigest, stored] : [textDigest]);
            var appender = _log.BeginAppend(connection, transaction);
            using var writer = new CatalogWriter(connection, transaction);
            var logged = writer.ReplaceText(
                appender, capture.Id.Value, capture.TextSha256, new NewText(textDigest, bytes.Length, length, extracted.PageStarts, record, layout), request.Agent);
            writer.FollowText(appender, capture.Id.Value, textDigest.Id, DerivedMetadata.From(extracted.Text), request.Agent);
            appender.Seal();
            transaction.Commit();
            _index.CatalogChanged();
            return outcome with { Status = ReextractStatus.Reextracted, EventIndex = logged.Index };
        }
        finally
        {
            foreach (var blob in staged)
            {
                ContentStore.TryDelete(blob.TempPath);
            }
        }
    }

    /// <summary>
    /// Makes a text made elsewhere (a bag's, proven by the sending archive's log) the current text of a capture, with
    /// the extractor record that made it there, through a new text-extracted event naming the text it replaces and
    /// <paramref name="reason"/>. The file must hash to <paramref name="text"/>. Returns the event's index, or null when
    /// the text is already the current one (nothing is recorded).
    /// </summary>
    public long? Adopt(CaptureId captureId, Sha256Digest text, string textFile, ExtractorRecord extractor, IReadOnlyList<int> pageStarts, string agent, string reason)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(pageStarts);
        var bytes = File.ReadAllBytes(textFile);
        var actual = Sha256Digest.FromBytes(SHA256.HashData(bytes));
        if (actual != text)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{textFile}: hashes to {actual.Id}, not the text {text.Id} its event names");
        }

        string content;
        try
        {
            content = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{textFile}: not UTF-8, so not a canonical text", ex);
        }

        var length = CodePoints.Count(content);
        // Page starts travel beside the text, not inside it: keep them only when they fit it.
        var pages = pageStarts.Count > 0 && pageStarts[0] == 0 && pageStarts.Zip(pageStarts.Skip(1)).All(p => p.First <= p.Second) && pageStarts[^1] <= length ? pageStarts : [];
        using var connection = _database.Open();
        var capture = CatalogReader.Resolve(connection, captureId.Value).Capture ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"{captureId}: no such capture");
        if (capture.TextSha256 == text.Id)
        {
            return null;
        }

        var staged = new List<StagedBlob>();
        try
        {
            if (!_store.TryReuse(text))
            {
                staged.Add(_store.Stage(bytes));
                _store.MakeDurable(staged);
                var dirty = new HashSet<string>(StringComparer.Ordinal);
                _store.Commit(staged[0], dirty);
                staged.Clear();
                _store.SyncDirectories(dirty);
            }

            using var transaction = ArchiveDatabase.BeginWrite(connection);
            _store.RequireStored([text]);
            var appender = _log.BeginAppend(connection, transaction);
            using var writer = new CatalogWriter(connection, transaction);
            var logged = writer.ReplaceText(
                appender, capture.Id.Value, capture.TextSha256, new NewText(text, bytes.Length, length, pages, extractor, null), agent, reason);
            appender.Seal();
            transaction.Commit();
            _index.CatalogChanged();
            return logged.Index;
        }
        finally
        {
            foreach (var blob in staged)
            {
                ContentStore.TryDelete(blob.TempPath);
            }
        }
    }

    /// <summary>
    /// The encoding a sidecar declared at ingest, as the extractor recorded it (<c>encoding=windows-1256;…</c> for text,
    /// <c>encoding=windows-1256(sidecar);…</c> for HTML), so the new run decodes the original the same way. Null when
    /// the encoding was found in the file itself or is UTF-8.
    /// </summary>
    internal static string? DeclaredEncoding(string settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var part in settings.Split(';'))
        {
            if (!part.StartsWith("encoding=", StringComparison.Ordinal))
            {
                continue;
            }

            var value = part["encoding=".Length..];
            if (value.EndsWith("(sidecar)", StringComparison.Ordinal))
            {
                return value[..^"(sidecar)".Length];
            }

            return value.Contains('(', StringComparison.Ordinal) || value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) ? null : value;
        }

        return null;
    }
}
