using Archive.Core.Text;
using System.Text.Json.Nodes;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Catalog;

/// <summary>Reads captures: resolves ids (hash, hash prefix of 8+ hex, or slug), lists, shows and returns text.</summary>
public sealed partial class CatalogReader
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;

    internal CatalogReader(ArchiveDatabase database, ContentStore store)
    {
        _database = database;
        _store = store;
    }

    private const string SummaryColumns = """
        c.rowid, c.id, s.slug,
        (SELECT count(*) FROM captures v WHERE v.source_id = c.source_id AND v.rowid <= c.rowid),
        c.title, c.publisher, c.published, c.captured_at, c.source_type, c.language,
        c.media_type, c.size, c.original_name, c.ingested_at, c.ingest_agent, c.text_sha256, c.text_length, c.withdrawn
        """;

    public IReadOnlyList<CaptureSummary> List(int limit = int.MaxValue, int offset = 0)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns} FROM captures c JOIN sources s ON s.id = c.source_id ORDER BY c.rowid LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        return ReadSummaries(command);
    }

    /// <summary>The capture with catalog row <paramref name="rowId"/> (the key search rows carry), or null.</summary>
    public CaptureSummary? Find(long rowId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns} FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.rowid = $row";
        command.Parameters.AddWithValue("$row", rowId);
        return ReadSummaries(command).SingleOrDefault();
    }

    public int Count()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM captures";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Resolves <c>sha256:&lt;hex&gt;</c>, a hex prefix of at least 8 characters, or a source slug (its latest capture).
    /// </summary>
    public IdResolution Resolve(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var connection = _database.Open();
        return Resolve(connection, id);
    }

    internal static IdResolution Resolve(SqliteConnection connection, string id)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(id);
        var trimmed = id.Trim();
        var hex = trimmed.StartsWith(Sha256Digest.Prefix, StringComparison.OrdinalIgnoreCase) ? trimmed[Sha256Digest.Prefix.Length..] : trimmed;
        using var command = connection.CreateCommand();
        if (hex.Length >= 8 && hex.Length <= 64 && hex.All(Uri.IsHexDigit))
        {
            command.CommandText = $"SELECT {SummaryColumns} FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.id >= $lo AND c.id < $hi ORDER BY c.rowid LIMIT 20";
            var prefix = Sha256Digest.Prefix + hex.ToLowerInvariant();
            command.Parameters.AddWithValue("$lo", prefix);
            command.Parameters.AddWithValue("$hi", prefix + "\uffff");
            var matches = ReadSummaries(command);
            if (matches.Count == 1)
            {
                return new IdResolution(matches[0], matches, null);
            }

            if (matches.Count > 1)
            {
                return new IdResolution(null, matches, $"id '{id}' is ambiguous: {matches.Count} captures start with it; give more hex digits");
            }
        }

        command.Parameters.Clear();
        command.CommandText = $"SELECT {SummaryColumns} FROM captures c JOIN sources s ON s.id = c.source_id WHERE s.slug = $slug ORDER BY c.rowid DESC LIMIT 1";
        command.Parameters.AddWithValue("$slug", trimmed.ToLowerInvariant());
        var bySlug = ReadSummaries(command);
        if (bySlug.Count == 1)
        {
            return new IdResolution(bySlug[0], bySlug, null);
        }

        var hint = hex.Length is > 0 and < 8 && hex.All(Uri.IsHexDigit) ? " (a hash prefix needs at least 8 hex digits)" : string.Empty;
        return new IdResolution(null, [], $"no capture or source matches '{id}'{hint}");
    }

    public CaptureDetail? Show(CaptureId captureId)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns}, c.extractor, c.extractor_version, c.extractor_settings, c.page_starts, s.source_url, c.source_id FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.id = $id";
        command.Parameters.AddWithValue("$id", captureId.Value);
        CaptureSummary summary;
        string extractor, version, settings, pages;
        string? url;
        long sourceId;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            summary = ReadSummary(reader);
            extractor = reader.GetString(18);
            version = reader.GetString(19);
            settings = reader.GetString(20);
            pages = reader.GetString(21);
            url = reader.IsDBNull(22) ? null : reader.GetString(22);
            sourceId = reader.GetInt64(23);
        }

        var fields = new SortedDictionary<string, FieldValue>(StringComparer.Ordinal);
        command.Parameters.Clear();
        command.CommandText = "SELECT field, value, origin FROM capture_fields WHERE capture_rowid = $row ORDER BY field";
        command.Parameters.AddWithValue("$row", summary.RowId);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                fields[reader.GetString(0)] = new FieldValue(JsonNode.Parse(reader.GetString(1))!, reader.GetString(2));
            }
        }

        command.Parameters.Clear();
        command.CommandText = $"SELECT {SummaryColumns} FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.source_id = $source ORDER BY c.rowid";
        command.Parameters.AddWithValue("$source", sourceId);
        var versions = ReadSummaries(command);

        var events = EventLog.ForCapture(connection, captureId.Value);

        var pageStarts = JsonNode.Parse(pages)!.AsArray().Select(p => p!.GetValue<int>()).ToList();
        return new CaptureDetail(summary, fields, extractor, version, settings, pageStarts, url, versions, events);
    }

    /// <summary>
    /// The capture as it was with one of its texts, named by digest or a hex prefix of 8+ digits: the current text or
    /// an earlier one a re-extraction replaced (the log records every one). Null, with <paramref name="error"/>, when
    /// the capture never had such a text.
    /// </summary>
    public CaptureSummary? WithText(CaptureSummary capture, string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim().ToLowerInvariant();
        hex = hex.StartsWith(Sha256Digest.Prefix, StringComparison.Ordinal) ? hex[Sha256Digest.Prefix.Length..] : hex;
        IReadOnlyList<CaptureText> texts;
        using (var connection = _database.Open())
        {
            texts = CaptureText.FromEvents(EventLog.ForCapture(connection, capture.Id.Value), capture.TextSha256);
        }

        var matches = hex.Length >= 8 && hex.All(Uri.IsHexDigit)
            ? texts.Where(t => t.TextSha256.StartsWith(Sha256Digest.Prefix + hex, StringComparison.Ordinal)).DistinctBy(t => t.TextSha256).ToList()
            : [];
        if (matches.Count == 1)
        {
            error = null;
            return capture with { TextSha256 = matches[0].TextSha256, TextLength = matches[0].Length };
        }

        error = matches.Count > 1
            ? $"text '{text}' is ambiguous: {matches.Count} texts of {capture.Id.Short} start with it"
            : $"capture {capture.Id.Short} has no text '{text}'; its texts: {string.Join(", ", texts.Select(t => t.TextSha256).Distinct())}";
        return null;
    }

    /// <summary>The canonical text of a capture, read from its content-addressed blob.</summary>
    public string ReadText(CaptureSummary capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return File.ReadAllText(_store.PathFor(Sha256Digest.Parse(capture.TextSha256)), System.Text.Encoding.UTF8);
    }

    /// <summary>
    /// The text between code-point offsets <paramref name="start"/> (default 0) and <paramref name="end"/> (default the
    /// end). An empty passage and <paramref name="error"/> set when the range is outside the text.
    /// </summary>
    public DocumentPassage ReadPassage(CaptureSummary capture, int? start, int? end, out string? error)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var text = ReadText(capture);
        var length = CodePoints.Count(text);
        var from = start ?? 0;
        var to = end ?? length;
        if (from < 0 || to < from || to > length)
        {
            error = $"need 0 <= start <= end <= {length} (code points); got start={from}, end={to}";
            return new DocumentPassage(capture.Id, capture.TextSha256, from, to, length, string.Empty);
        }

        error = null;
        return new DocumentPassage(capture.Id, capture.TextSha256, from, to, length, text[CodePoints.ToUtf16Index(text, from)..CodePoints.ToUtf16Index(text, to)]);
    }

    /// <summary>
    /// Code points <c>[start, end)</c> of a capture's text, read by streaming the text blob up to <paramref name="end"/>:
    /// no copy of the whole text is made, so a window into a 50 MB text costs what reading up to it costs.
    /// <paramref name="error"/> is set when the range is outside the text.
    /// </summary>
    public DocumentPassage ReadRange(CaptureSummary capture, int start, int end, out string? error)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (start < 0 || end < start || end > capture.TextLength)
        {
            error = $"need 0 <= start <= end <= {capture.TextLength} (code points); got start={start}, end={end}";
            return new DocumentPassage(capture.Id, capture.TextSha256, start, end, capture.TextLength, string.Empty);
        }

        using var reader = new StreamReader(_store.PathFor(Sha256Digest.Parse(capture.TextSha256)), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var buffer = new char[1 << 16];
        var passage = new System.Text.StringBuilder();
        var index = -1;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                // A low surrogate continues the code point its high surrogate began (the counting of CodePoints.Count).
                if (!char.IsLowSurrogate(buffer[i]) && ++index >= end)
                {
                    error = null;
                    return new DocumentPassage(capture.Id, capture.TextSha256, start, end, capture.TextLength, passage.ToString());
                }

                if (index >= start)
                {
                    passage.Append(buffer[i]);
                }
            }
        }

        error = null;
        return new DocumentPassage(capture.Id, capture.TextSha256, start, end, capture.TextLength, passage.ToString());
    }

    /// <summary>
    /// The citation for <c>[start, end)</c> of a capture's text, cited by <paramref name="citeId"/> (the short capture
    /// id, so it names this version and no other). Surrounding whitespace is trimmed and inner runs of whitespace become
    /// one space (the resolver folds them back); ASCII quotes are kept so the citation resolves <c>exact</c>, except one
    /// that would read as the citation's closing quote. <paramref name="error"/> is set for an empty or out-of-range quote.
    /// </summary>
    public DocumentCitation? Cite(CaptureSummary capture, string citeId, int start, int end, out string? error)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var text = ReadText(capture);
        var length = CodePoints.Count(text);
        if (start < 0 || end <= start || end > length)
        {
            error = $"need 0 <= start < end <= {length} (code points); got start={start}, end={end}";
            return null;
        }

        var from = CodePoints.ToUtf16Index(text, start);
        var to = CodePoints.ToUtf16Index(text, end);
        while (from < to && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        while (to > from && char.IsWhiteSpace(text[to - 1]))
        {
            to--;
        }

        if (from == to)
        {
            error = "the selection holds only whitespace";
            return null;
        }

        var quote = text[from..to];
        var occurrence = 0;
        var total = 0;
        for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            total++;
            if (at == from)
            {
                occurrence = total;
            }
        }

        var written = CitationClose().Replace(WhitespaceRun().Replace(quote, " "), m => "\u201D" + m.Value[1..]);
        error = null;
        return new DocumentCitation(
            capture.Id, CodePoints.FromUtf16Index(text, from), CodePoints.FromUtf16Index(text, to), quote, occurrence, total,
            $"[@{citeId} \"{written}\"{(total > 1 ? $" #{occurrence}" : string.Empty)}]");
    }

    /// <summary>An ASCII quote the citation parser would take as the end of the quote: one followed by <c>]</c> or <c> #N]</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\"(?=\\s*(#\\d+\\s*)?\\])")]
    private static partial System.Text.RegularExpressions.Regex CitationClose();

    [System.Text.RegularExpressions.GeneratedRegex("\\s+")]
    private static partial System.Text.RegularExpressions.Regex WhitespaceRun();

    public string OriginalPath(CaptureSummary capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return _store.PathFor(capture.Id.Digest);
    }

    /// <summary>Where the capture's current canonical text is stored (UTF-8, as <see cref="ReadText"/> reads it), for a host to stream.</summary>
    public string TextPath(CaptureSummary capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return _store.PathFor(Sha256Digest.Parse(capture.TextSha256));
    }

    private static List<CaptureSummary> ReadSummaries(SqliteCommand command)
    {
        var list = new List<CaptureSummary>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(ReadSummary(reader));
        }

        return list;
    }

    private static CaptureSummary ReadSummary(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new CaptureSummary(
            reader.GetInt64(0), CaptureId.Parse(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3),
            Text(4), Text(5), Text(6), Text(7), Text(8), Text(9),
            reader.GetString(10), reader.GetInt64(11), reader.GetString(12), reader.GetString(13), reader.GetString(14),
            reader.GetString(15), reader.GetInt32(16), reader.GetInt64(17) != 0);
    }
}
