using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using SQLitePCL;

namespace Archive.Core.Verification;

/// <summary>
/// The catalog's rows are a projection of the log: each capture's facts and metadata as its ingested event recorded
/// them, amended by its metadata-amended events in log order, its text as its last text-extracted event describes it,
/// and its source's address as the source's first capture recorded it. The log is signed and the catalog is not, so a
/// value edited in the catalog alone (a title, an author, the source's address, a withdrawal that hides a capture from
/// search, a capture row deleted) would otherwise be shown and cited as if it were provenance. This check reads both,
/// capture by capture in id order (three ordered streams merged, so memory does not grow with the archive; the ids cut
/// in ranges, one per core), and names every difference.
/// </summary>
internal static class CatalogAgainstLog
{
    private static readonly string[] ProjectedFields = [.. CaptureProjection.Columns.Keys];

    private static readonly byte[] IngestedType = Encoding.UTF8.GetBytes(EventType.Ingested);
    private static readonly byte[] MetadataAmendedType = Encoding.UTF8.GetBytes(EventType.MetadataAmended);
    private static readonly byte[] TextExtractedType = Encoding.UTF8.GetBytes(EventType.TextExtracted);
    private static readonly byte[] WithdrawnType = Encoding.UTF8.GetBytes(EventType.Withdrawn);

    /// <summary>The capture's events that make its row, in one capture-id range (?1 to ?2, in place of <c>/*range*/</c>).</summary>
    private static readonly string EventsSql = $"""
        SELECT capture_id, idx, json FROM events
        WHERE capture_id IS NOT NULL AND type IN ('{EventType.Ingested}', '{EventType.TextExtracted}', '{EventType.MetadataAmended}', '{EventType.Withdrawn}') /*range*/
        ORDER BY capture_id, idx
        """;

    private static readonly string RowsSql = $"""
        SELECT c.id, c.size, c.media_type, c.original_name, c.ingested_at, c.ingest_agent, c.text_length, c.text_bytes,
            c.extractor, c.extractor_version, c.extractor_settings, c.page_starts, c.withdrawn, s.slug, s.source_url,
            {string.Join(", ", ProjectedFields.Select(f => "c." + CaptureProjection.Columns[f]))}
        FROM captures c LEFT JOIN sources s ON s.id = c.source_id WHERE 1 /*range*/ ORDER BY c.id
        """;

    private const string FieldsSql = """
        SELECT c.id, f.field, f.value, f.origin, f.event_index
        FROM capture_fields f JOIN captures c ON c.rowid = f.capture_rowid WHERE 1 /*range*/ ORDER BY c.id
        """;

    /// <summary>One capture's events as the log holds them, read over a copy of the bytes the log read authenticated.</summary>
    private sealed class Proven
    {
        private byte[] _buffer = new byte[1 << 16];
        private int _used;

        /// <summary>The ingested event's index and members (its metadata fields are in <see cref="Fields"/>, amended).</summary>
        public long Ingested = -1;
        public CaptureEventReader IngestedEvent;

        /// <summary>The last text-extracted event's index and members.</summary>
        public long Extracted = -1;
        public CaptureEventReader ExtractedEvent;

        public long Withdrawn = -1;
        public readonly List<ProvenField> Fields = [];

        /// <summary>The metadata fields of the event being read (the reader grows the array).</summary>
        public LoggedField[] Logged = new LoggedField[16];

        /// <summary>Set when an event of the capture lies past the log the verify read (written beside it): not compared.</summary>
        public bool Later;

        private byte[] _id = new byte[128];
        private int _idLength;
        private string? _idString;

        /// <summary>The capture id as SQLite returned it (UTF-8), valid until the next <see cref="Reset"/>.</summary>
        public ReadOnlySpan<byte> IdUtf8 => _id.AsSpan(0, _idLength);

        /// <summary>The capture id as a string, made only when a problem names it.</summary>
        public string Id => _idString ??= Encoding.UTF8.GetString(IdUtf8);

        /// <summary>Starts on the capture with this id: its field objects are reused, its buffer written over.</summary>
        public void Reset(ReadOnlySpan<byte> id)
        {
            _used = 0;
            (Ingested, Extracted, Withdrawn, Later) = (-1, -1, -1, false);
            _spare.AddRange(Fields);
            Fields.Clear();
            if (id.Length > _id.Length)
            {
                _id = new byte[id.Length];
            }

            id.CopyTo(_id);
            _idLength = id.Length;
            _idString = null;
        }

        private readonly List<ProvenField> _spare = [];

        /// <summary>Bytes reused to build a column's expected value.</summary>
        public readonly ArrayBufferWriter<byte> Scratch = new(256);

        /// <summary>A field object for this capture, reused from an earlier capture's where one is free.</summary>
        public ProvenField Field(string name, byte[] nameUtf8, JsonSpan value, JsonSpan origin, long index)
        {
            ProvenField field;
            if (_spare.Count > 0)
            {
                field = _spare[^1];
                _spare.RemoveAt(_spare.Count - 1);
            }
            else
            {
                field = new ProvenField();
            }

            (field.Name, field.NameUtf8, field.Value, field.Origin, field.Event, field.Seen) = (name, nameUtf8, value, origin, index, false);
            return field;
        }

        /// <summary>
        /// Copies an event into this capture's buffer, where the spans read from it point until <see cref="Reset"/>: its
        /// buffer and where it starts there.
        /// </summary>
        public (byte[] Buffer, int Offset) Copy(ReadOnlySpan<byte> json)
        {
            if (_used + json.Length > _buffer.Length)
            {
                // A new buffer: the spans already read keep the old one alive.
                _buffer = new byte[Math.Max(2 * _buffer.Length, json.Length)];
                _used = 0;
            }

            json.CopyTo(_buffer.AsSpan(_used));
            var offset = _used;
            _used += json.Length;
            return (_buffer, offset);
        }

        public int Find(string name)
        {
            for (var i = 0; i < Fields.Count; i++)
            {
                if (Fields[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>A field as the log sets it: its name, value (canonical JSON, as the catalog stores it) and origin, and the event.</summary>
    private sealed class ProvenField
    {
        public string Name = string.Empty;
        public byte[] NameUtf8 = [];
        public JsonSpan Value;
        public JsonSpan Origin;
        public long Event;
        public bool Seen;
    }

    /// <summary>
    /// Every difference between the catalog and the events. Capture ids are split into ranges by their first hex digit,
    /// one per core, each read in one snapshot on a connection of its own (a capture's row, fields and events always lie
    /// in one range). Each event's bytes must hash to the leaf the verify's log read authenticated
    /// (<paramref name="leaves"/>); a capture with an event past those (a write beside the check) is left to the next verify.
    /// </summary>
    public static List<VerificationItem> Check(ArchiveDatabase database, IReadOnlyList<byte[]> leaves, CancellationToken cancellationToken)
    {
        var ranges = Ranges(Math.Clamp(Environment.ProcessorCount, 1, 16));
        var found = new List<VerificationItem>[ranges.Count];
        // Threads of their own: verify's other jobs hold the pool's threads, and a range left waiting for one started
        // up to half a second late. This thread reads the first range.
        var others = Enumerable.Range(1, ranges.Count - 1).Select(i => Task.Factory.StartNew(
            () => found[i] = Check(database, ranges[i].From, ranges[i].To, leaves, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            found[0] = Check(database, ranges[0].From, ranges[0].To, leaves, cancellationToken);
        }
        finally
        {
            // None may still read the catalog when this returns, nor when it throws.
            try
            {
                Task.WaitAll(others);
            }
            catch (AggregateException)
            {
                // Thrown below, unwrapped, unless this range's error is already on its way.
            }
        }

        // A range's error as it was thrown (a catalog that cannot be read), as callers of one reader expect.
        if (others.FirstOrDefault(t => t.IsFaulted || t.IsCanceled) is { } failed)
        {
            failed.GetAwaiter().GetResult();
        }

        return [.. found.SelectMany(f => f)];
    }

    /// <summary>
    /// <paramref name="count"/> ranges covering every capture id: capture ids are <c>sha256:</c> and hex digits, so
    /// ranges cut at a first digit hold about equal shares; any other id falls in the first or last (open) range.
    /// </summary>
    private static List<(string? From, string? To)> Ranges(int count)
    {
        var cuts = Enumerable.Range(1, count - 1).Select(i => "sha256:" + "0123456789abcdef"[i * 16 / count]).Distinct().ToList();
        var ranges = new List<(string? From, string? To)>();
        for (var i = 0; i <= cuts.Count; i++)
        {
            ranges.Add((i == 0 ? null : cuts[i - 1], i == cuts.Count ? null : cuts[i]));
        }

        return ranges;
    }

    private static List<VerificationItem> Check(ArchiveDatabase database, string? from, string? to, IReadOnlyList<byte[]> leaves, CancellationToken cancellationToken)
    {
        var problems = new List<VerificationItem>();
        using var connection = database.OpenForScan();
        using var snapshot = connection.BeginTransaction(deferred: true);
        var db = connection.Handle!;
        RawSqlite.Check(db, raw.sqlite3_prepare_v2(db, Within(EventsSql, "capture_id", from, to), out var events));
        RawSqlite.Check(db, raw.sqlite3_prepare_v2(db, Within(RowsSql, "c.id", from, to), out var rows));
        RawSqlite.Check(db, raw.sqlite3_prepare_v2(db, Within(FieldsSql, "c.id", from, to), out var fields));
        using (events)
        using (rows)
        using (fields)
        {
            foreach (var statement in new[] { events, rows, fields })
            {
                if (from is not null)
                {
                    RawSqlite.Check(db, raw.sqlite3_bind_text(statement, 1, from));
                }

                if (to is not null)
                {
                    RawSqlite.Check(db, raw.sqlite3_bind_text(statement, 2, to));
                }
            }

            Merge(db, events, rows, fields, leaves, problems, cancellationToken);
        }

        return problems;
    }

    /// <summary>A query with its capture-id range as bound parameters (?1 from, ?2 to), the open ends left out.</summary>
    private static string Within(string sql, string column, string? from, string? to) =>
        sql.Replace("/*range*/", (from is null ? string.Empty : $"AND {column} >= ?1 ") + (to is null ? string.Empty : $"AND {column} < ?2"), StringComparison.Ordinal);

    /// <summary>Merges the three streams, each ordered by capture id as SQLite orders text (by its UTF-8 bytes).</summary>
    private static void Merge(sqlite3 db, sqlite3_stmt events, sqlite3_stmt rows, sqlite3_stmt fields, IReadOnlyList<byte[]> leaves, List<VerificationItem> problems, CancellationToken cancellationToken)
    {
        var hasEvent = RawSqlite.Step(db, events);
        var hasRow = RawSqlite.Step(db, rows);
        var hasField = RawSqlite.Step(db, fields);
        Span<byte> leaf = stackalloc byte[MerkleHash.Size];
        var later = new HashSet<long>();
        var names = new FieldNames();
        var proven = new Proven();
        var found = new List<VerificationItem>();
        var seen = 0;
        while (hasEvent || hasRow)
        {
            if ((++seen & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var eventId = hasEvent ? raw.sqlite3_column_blob(events, 0) : default;
            var rowId = hasRow ? raw.sqlite3_column_blob(rows, 0) : default;
            proven.Reset(!hasRow || (hasEvent && eventId.SequenceCompareTo(rowId) <= 0) ? eventId : rowId);
            var idBytes = proven.IdUtf8;
            later.Clear();
            // The capture's events, each read over its own copy (the spans point into it until the capture is compared).
            while (hasEvent && raw.sqlite3_column_blob(events, 0).SequenceEqual(idBytes))
            {
                var index = raw.sqlite3_column_int64(events, 1);
                if (index >= leaves.Count)
                {
                    proven.Later = true;
                    later.Add(index);
                }
                else
                {
                    var json = raw.sqlite3_column_blob(events, 2);
                    MerkleHash.LeafHash(json, leaf);
                    // An event whose bytes the log read did not authenticate is the log check's to report; it proves nothing here.
                    if (leaf.SequenceEqual(leaves[(int)index]))
                    {
                        Fold(proven, index, json, names, problems);
                    }
                }

                hasEvent = RawSqlite.Step(db, events);
            }

            found.Clear();
            var hasCatalogRow = hasRow && raw.sqlite3_column_blob(rows, 0).SequenceEqual(idBytes);
            if (hasCatalogRow)
            {
                if (proven.Ingested >= 0)
                {
                    CompareRow(rows, proven, found);
                }

                hasRow = RawSqlite.Step(db, rows);
            }

            while (hasField && raw.sqlite3_column_blob(fields, 0).SequenceCompareTo(idBytes) < 0)
            {
                hasField = RawSqlite.Step(db, fields);
            }

            while (hasField && raw.sqlite3_column_blob(fields, 0).SequenceEqual(idBytes))
            {
                var index = raw.sqlite3_column_int64(fields, 4);
                // A field set by an event written since the log was read; a number past the log that no event has is compared (and differs).
                proven.Later |= later.Contains(index);
                if (hasCatalogRow && proven.Ingested >= 0)
                {
                    CompareField(fields, index, proven, found);
                }

                hasField = RawSqlite.Step(db, fields);
            }

            if (proven.Later)
            {
                continue;
            }

            if (!hasCatalogRow)
            {
                if (proven.Ingested >= 0)
                {
                    problems.Add(new VerificationItem("catalog", ItemStatus.Missing, proven.Id, Detail: $"the log's ingested event {Number(proven.Ingested)} ingested it, and the catalog has no row for it (deleted rows)"));
                }

                continue;
            }

            if (proven.Ingested < 0)
            {
                problems.Add(new VerificationItem("catalog", ItemStatus.Untracked, proven.Id, Detail: "capture has no ingested event in the log"));
                continue;
            }

            foreach (var field in proven.Fields.Where(f => !f.Seen))
            {
                found.Add(Differs(proven.Id, $"field {field.Name}", $"{field.Value.RawText} ({field.Origin.GetString()})", null, field.Event, Type(proven, field.Event)));
            }

            problems.AddRange(found);
        }
    }

    private static string Type(Proven p, long index) => index == p.Ingested ? EventType.Ingested : EventType.MetadataAmended;

    private static VerificationItem Differs(string id, string what, string? logged, string? held, long index, string type) =>
        new("catalog", ItemStatus.Changed, id, Expected: logged ?? "(none)", Actual: held ?? "(none)",
            Detail: $"the catalog's {what} differs from the one the log's {type} event {Number(index)} recorded");

    /// <summary>Compares one capture row (columns as <see cref="RowsSql"/> lists them) with the capture's events.</summary>
    private static void CompareRow(sqlite3_stmt row, Proven p, List<VerificationItem> found)
    {
        var e = p.IngestedEvent;
        var ingested = EventType.Ingested;
        void Text(int column, JsonSpan logged, string what, string type, long index)
        {
            if (!logged.ValueEquals(raw.sqlite3_column_blob(row, column)) || raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL)
            {
                found.Add(Differs(p.Id, what, logged.GetString(), Held(row, column), index, type));
            }
        }

        void Integer(int column, JsonSpan logged, string what, string type, long index)
        {
            if (!logged.TryGetInt64(out var value) || value != raw.sqlite3_column_int64(row, column) || raw.sqlite3_column_type(row, column) != raw.SQLITE_INTEGER)
            {
                found.Add(Differs(p.Id, what, logged.RawText, Held(row, column), index, type));
            }
        }

        Integer(1, e.Size, "size", ingested, p.Ingested);
        Text(2, e.MediaType, "media type", ingested, p.Ingested);
        Text(3, e.OriginalName, "original file name", ingested, p.Ingested);
        Text(5, e.Agent, "ingesting agent", ingested, p.Ingested);
        var time = e.Time;
        if (!SameMinuteBefore(raw.sqlite3_column_blob(row, 4), time.Raw) && !SameMoment(Held(row, 4) ?? string.Empty, time.GetString()!))
        {
            found.Add(Differs(p.Id, "ingest time", time.GetString(), Held(row, 4), p.Ingested, ingested));
        }

        var source = e.Source;
        if (!source.ValueEquals(raw.sqlite3_column_blob(row, 13)) || raw.sqlite3_column_type(row, 13) == raw.SQLITE_NULL)
        {
            found.Add(Differs(p.Id, "source", source.GetString(), Held(row, 13) ?? "(no source row)", p.Ingested, ingested));
        }
        else if (e.SourceVersion.Int64 == 1)
        {
            // The source row was made by this capture's ingest, with its address (neither can be amended).
            var at = p.Find("source_url");
            var matches = at < 0
                ? raw.sqlite3_column_type(row, 14) == raw.SQLITE_NULL
                : raw.sqlite3_column_type(row, 14) != raw.SQLITE_NULL && (p.Fields[at].Value.IsString
                    ? p.Fields[at].Value.ValueEquals(raw.sqlite3_column_blob(row, 14))
                    : Held(row, 14) == Display(p.Fields[at].Value));
            if (!matches)
            {
                found.Add(Differs(p.Id, $"address of source {source.GetString()}", at < 0 ? null : Display(p.Fields[at].Value), Held(row, 14), p.Ingested, ingested));
            }
        }

        for (var i = 0; i < ProjectedFields.Length; i++)
        {
            var name = ProjectedFields[i];
            var at = p.Find(name);
            var column = 15 + i;
            if (at < 0 ? raw.sqlite3_column_type(row, column) != raw.SQLITE_NULL : !ColumnMatches(name, p.Fields[at].Value, row, column, p.Scratch))
            {
                var index = at < 0 ? p.Ingested : p.Fields[at].Event;
                found.Add(Differs(p.Id, $"{name} column", at < 0 ? null : Column(name, p.Fields[at].Value), Held(row, column), index, Type(p, index)));
            }
        }

        if (p.Extracted >= 0)
        {
            var extracted = EventType.TextExtracted;
            var t = p.ExtractedEvent;
            var length = t.Length.Int64;
            var bytes = t.Bytes.Int64;
            if (length != raw.sqlite3_column_int64(row, 6) || bytes != raw.sqlite3_column_int64(row, 7))
            {
                found.Add(Differs(p.Id, "text length", $"{Number(length)} code points, {Number(bytes)} bytes", $"{Held(row, 6)} code points, {Held(row, 7)} bytes", p.Extracted, extracted));
            }

            var (name, version, settings) = (t.ExtractorName, t.ExtractorVersion, t.ExtractorSettings);
            if (!name.ValueEquals(raw.sqlite3_column_blob(row, 8)) || !version.ValueEquals(raw.sqlite3_column_blob(row, 9)) || !settings.ValueEquals(raw.sqlite3_column_blob(row, 10)))
            {
                found.Add(Differs(p.Id, "extractor", $"{name.GetString()} {version.GetString()} ({settings.GetString()})", $"{Held(row, 8)} {Held(row, 9)} ({Held(row, 10)})", p.Extracted, extracted));
            }

            var pages = (int)t.Pages.Int64;
            var held = Held(row, 11) ?? string.Empty;
            if (PageCount(held) is not { } count || count != pages)
            {
                found.Add(Differs(p.Id, "page count", Number(pages), PageCount(held) is { } n ? Number(n) : held, p.Extracted, extracted));
            }
        }

        var withdrawn = raw.sqlite3_column_int64(row, 12) != 0;
        if (withdrawn != (p.Withdrawn >= 0))
        {
            found.Add(new VerificationItem("catalog", ItemStatus.Changed, p.Id, Expected: p.Withdrawn >= 0 ? "withdrawn" : "not withdrawn", Actual: withdrawn ? "withdrawn" : "not withdrawn",
                Detail: p.Withdrawn >= 0 ? $"the log's withdrawn event {Number(p.Withdrawn)} withdrew it, and the catalog no longer marks it withdrawn (it is back in searches)" : "the catalog marks it withdrawn (left out of searches), and no event in the log withdrew it"));
        }
    }

    /// <summary>Compares one capture_fields row (capture id, field, value, origin, event) with the field as the events set it.</summary>
    private static void CompareField(sqlite3_stmt row, long index, Proven p, List<VerificationItem> found)
    {
        var name = raw.sqlite3_column_blob(row, 1);
        var at = -1;
        for (var i = 0; i < p.Fields.Count; i++)
        {
            if (name.SequenceEqual(p.Fields[i].NameUtf8))
            {
                at = i;
                break;
            }
        }

        string HeldValue() => $"{Held(row, 2)} ({Held(row, 3)})";
        if (at < 0)
        {
            found.Add(new VerificationItem("catalog", ItemStatus.Changed, p.Id, Expected: "(none)", Actual: HeldValue(),
                Detail: $"the catalog has field {Held(row, 1)}, which no event in the log sets (its row names event {Number(index)})"));
            return;
        }

        var field = p.Fields[at];
        field.Seen = true;
        var type = Type(p, field.Event);
        if (!field.Value.Raw.SequenceEqual(raw.sqlite3_column_blob(row, 2)) || !field.Origin.ValueEquals(raw.sqlite3_column_blob(row, 3)))
        {
            found.Add(Differs(p.Id, $"field {field.Name}", $"{field.Value.RawText} ({field.Origin.GetString()})", HeldValue(), field.Event, type));
        }
        else if (index != field.Event)
        {
            found.Add(Differs(p.Id, $"field {field.Name}'s event", Number(field.Event), Number(index), field.Event, type));
        }
    }

    /// <summary>Applies one event to the capture's state; an event whose data has another shape is named rather than skipped.</summary>
    private static void Fold(Proven p, long index, ReadOnlySpan<byte> json, FieldNames names, List<VerificationItem> problems)
    {
        var (buffer, offset) = p.Copy(json);
        var e = new CaptureEventReader { Buffer = buffer, Offset = offset, Fields = p.Logged };
        var read = CanonicalJson.Scan(buffer.AsSpan(offset, json.Length), ref e) != JsonScan.Invalid && e.RootIsObject && e.Type.IsString;
        p.Logged = e.Fields;
        var type = e.Type;
        if (!read)
        {
        }
        else if (type.ValueEquals(IngestedType) && p.Ingested < 0)
        {
            read = e.Time.IsString && e.Agent.IsString && e.DataIsObject && e.Size.IsInt64 && e.MediaType.IsString && e.OriginalName.IsString
                && e.Source.IsString && e.SourceVersion.IsInt64 && e.MetadataIsObject && e.FieldsComplete;
            if (read)
            {
                p.Ingested = index;
                p.IngestedEvent = e;
                for (var i = 0; i < e.FieldCount; i++)
                {
                    var field = e.Fields[i];
                    var (name, utf8) = names.Of(field.Name);
                    p.Fields.Add(p.Field(name, utf8, field.Value, field.Origin, index));
                }
            }
        }
        else if (type.ValueEquals(MetadataAmendedType) && p.Ingested >= 0)
        {
            var set = e.New.Kind is not JsonTokenType.None and not JsonTokenType.Null;
            read = e.DataIsObject && e.Field.IsString && (!set || e.Origin.IsString);
            if (read)
            {
                var (name, utf8) = names.Of(e.Field);
                var at = p.Find(name);
                if (set)
                {
                    var field = p.Field(name, utf8, e.New, e.Origin, index);
                    if (at < 0)
                    {
                        p.Fields.Add(field);
                    }
                    else
                    {
                        p.Fields[at] = field;
                    }
                }
                else if (at >= 0)
                {
                    p.Fields.RemoveAt(at);
                }
            }
        }
        else if (type.ValueEquals(TextExtractedType))
        {
            read = e.DataIsObject && e.Length.IsInt64 && e.Bytes.IsInt64 && e.Pages.IsInt32 && e.ExtractorIsObject
                && e.ExtractorName.IsString && e.ExtractorVersion.IsString && e.ExtractorSettings.IsString;
            if (read)
            {
                p.Extracted = index;
                p.ExtractedEvent = e;
            }
        }
        else if (type.ValueEquals(WithdrawnType))
        {
            p.Withdrawn = index;
        }

        if (!read)
        {
            problems.Add(new VerificationItem("log", ItemStatus.Changed, LogIndex: index, Detail: $"event {Number(index)}'s data does not have the shape its type records, so the catalog cannot be checked against it"));
        }
    }

    /// <summary>The field names met so far, each kept once as a string and as UTF-8, found by an event's raw bytes.</summary>
    private sealed class FieldNames
    {
        private const int Kept = 256;
        private readonly List<byte[]> _utf8 = [];
        private readonly List<string> _names = [];

        public (string Name, byte[] Utf8) Of(JsonSpan name)
        {
            if (!name.HasEscapes)
            {
                var written = name.Written;
                for (var i = 0; i < _utf8.Count; i++)
                {
                    if (written.SequenceEqual(_utf8[i]))
                    {
                        return (_names[i], _utf8[i]);
                    }
                }
            }

            // A name not met yet, or written with escapes.
            return Of(name.GetString()!);
        }

        public (string Name, byte[] Utf8) Of(string name)
        {
            var at = _names.IndexOf(name);
            if (at >= 0)
            {
                return (_names[at], _utf8[at]);
            }

            var utf8 = Encoding.UTF8.GetBytes(name);
            if (_names.Count < Kept)
            {
                _names.Add(name);
                _utf8.Add(utf8);
            }

            return (name, utf8);
        }
    }

    /// <summary>A column as a string for a message, null for NULL.</summary>
    private static string? Held(sqlite3_stmt row, int column) =>
        raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(row, column));

    /// <summary>Whether a projected column holds what the catalog writers store for the field's value (lists one item a line).</summary>
    private static bool ColumnMatches(string name, JsonSpan value, sqlite3_stmt row, int column, ArrayBufferWriter<byte> scratch)
    {
        if (raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL)
        {
            return false;
        }

        // Most values are strings shown as they are, and lists are lists of strings: compared without building strings.
        var list = name is "tags" or "authors";
        if (value.IsString && !list)
        {
            return value.ValueEquals(raw.sqlite3_column_blob(row, column));
        }

        if (list && value.Kind == JsonTokenType.StartArray && ListMatches(value.Raw, raw.sqlite3_column_blob(row, column), scratch) is { } matches)
        {
            return matches;
        }

        return Held(row, column) == Column(name, value);
    }

    /// <summary>
    /// Whether <paramref name="held"/> is the column the catalog writers store for a list of strings: a newline, the
    /// items joined by "; ", every "; " then made a newline, and a newline (<see cref="CaptureProjection.ColumnValue(string, FieldValue)"/>),
    /// compared as UTF-8; null when an item is not a string.
    /// </summary>
    private static bool? ListMatches(ReadOnlySpan<byte> list, ReadOnlySpan<byte> held, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        scratch.Write("\n"u8);
        // The array as canonical JSON writes it: strings between commas, no whitespace; anything else takes the long way.
        var at = 1;
        while (at < list.Length - 1)
        {
            if (at > 1)
            {
                if (list[at] != (byte)',')
                {
                    return null;
                }

                scratch.Write("; "u8);
                at++;
            }

            if (list[at] != (byte)'"')
            {
                return null;
            }

            var start = ++at;
            var escaped = false;
            for (; list[at] != (byte)'"'; at++)
            {
                if (list[at] == (byte)'\\')
                {
                    escaped = true;
                    at++;
                }
            }

            var item = list[start..at++];
            // Written without escapes, the item's bytes are its text; otherwise it is unescaped.
            scratch.Write(escaped ? Encoding.UTF8.GetBytes(CanonicalJson.Unescape(item)) : item);
        }

        scratch.Write("\n"u8);
        // "; " becomes a newline, left to right as string.Replace makes it (ASCII, so alike in UTF-8 and UTF-16).
        var joined = scratch.WrittenSpan;
        var matched = 0;
        for (var i = 0; i < joined.Length; i++)
        {
            var b = joined[i];
            if (b == (byte)';' && i + 1 < joined.Length && joined[i + 1] == (byte)' ')
            {
                b = (byte)'\n';
                i++;
            }

            if (matched >= held.Length || held[matched++] != b)
            {
                return false;
            }
        }

        return matched == held.Length;
    }

    /// <summary>The column value the catalog writers store for a field; the JSON itself for a value of another shape.</summary>
    private static string Column(string name, JsonSpan value) => CaptureProjection.ColumnValue(name, value.RawText) ?? value.RawText;

    private static string? Display(JsonSpan value) => CaptureProjection.Display(value.RawText);

    /// <summary>The number of page starts in the catalog's JSON list of integers, without parsing it into nodes; null for another shape.</summary>
    private static int? PageCount(string pageStarts)
    {
        var inner = pageStarts.AsSpan().Trim();
        if (inner.Length < 2 || inner[0] != '[' || inner[^1] != ']')
        {
            return null;
        }

        inner = inner[1..^1].Trim();
        if (inner.IsEmpty)
        {
            return 0;
        }

        foreach (var c in inner)
        {
            if (!char.IsAsciiDigit(c) && c is not ',' and not ' ')
            {
                return null;
            }
        }

        return inner.Count(',') + 1;
    }

    /// <summary>
    /// The catalog's ingest time is read from the clock just before the ingested event's, in the same transaction: it may
    /// be earlier by the time the insert took, never later, and not by more than a minute.
    /// </summary>
    private static bool SameMoment(string held, string logged)
    {
        if (held == logged)
        {
            return true;
        }

        return DateTimeOffset.TryParse(held, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var a)
            && DateTimeOffset.TryParse(logged, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var b)
            && a <= b && b - a < TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// The common case of <see cref="SameMoment"/> without parsing: both times written alike (yyyy-MM-ddTHH:mm:ss.fffffffZ,
    /// the logged one with its JSON quotes), in the same minute, the catalog's not later.
    /// </summary>
    private static bool SameMinuteBefore(ReadOnlySpan<byte> held, ReadOnlySpan<byte> quoted)
    {
        const int Length = 28;
        return held.Length == Length && quoted.Length == Length + 2 && quoted[0] == '"' && quoted[^1] == '"'
            && held[..17].SequenceEqual(quoted.Slice(1, 17)) && held[^1] == 'Z' && held.SequenceCompareTo(quoted.Slice(1, Length)) <= 0;
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
