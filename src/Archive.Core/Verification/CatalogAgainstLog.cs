using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Archive.Core.Verification;

/// <summary>
/// The catalog's rows are a projection of the log: each capture's facts and metadata as its ingested event recorded
/// them, amended by its metadata-amended events in log order, its text as its last text-extracted event describes it,
/// and its source's address as the source's first capture recorded it. The log is signed and the catalog is not, so a
/// value edited in the catalog alone (a title, an author, the source's address, a withdrawal that hides a capture from
/// search, a capture row deleted) would otherwise be shown and cited as if it were provenance. This check reads the
/// catalog's rows and fields in the order they were written (rowid ranges, one per core), takes each capture's events
/// from the verify's own read of the log (<see cref="CaptureEvents"/>), and names every difference, in capture id order.
/// </summary>
internal static class CatalogAgainstLog
{
    private static readonly string[] ProjectedFields = [.. CaptureProjection.Columns.Keys];

    private static readonly string RowsSql = $"""
        SELECT c.id, c.size, c.media_type, c.original_name, c.ingested_at, c.ingest_agent, c.text_length, c.text_bytes,
            c.extractor, c.extractor_version, c.extractor_settings, c.page_starts, c.withdrawn, s.slug, s.source_url,
            {string.Join(", ", ProjectedFields.Select(f => "c." + CaptureProjection.Columns[f]))}, c.rowid
        FROM captures c LEFT JOIN sources s ON s.id = c.source_id WHERE 1 /*range*/ ORDER BY c.rowid
        """;

    /// <summary>The column of <see cref="RowsSql"/> that holds the row's rowid.</summary>
    private static readonly int RowidColumn = 15 + ProjectedFields.Length;

    private const string FieldsSql = """
        SELECT f.capture_rowid, f.field, f.value, f.origin, f.event_index
        FROM capture_fields f WHERE 1 /*range*/ ORDER BY f.capture_rowid
        """;

    /// <summary>One capture's events as the log holds them, read over the bytes the log read authenticated.</summary>
    private sealed class Proven
    {
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

        /// <summary>Starts on the capture with this id: its field objects are reused.</summary>
        public void Reset(ReadOnlySpan<byte> id)
        {
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
    /// Every difference between the catalog and the events. The catalog is read in rowid order (the order it was written,
    /// which SQLite reads without a seek a row), cut in rowid ranges, one per core, each in one snapshot on a connection of
    /// its own; each capture's events come from the log read (<paramref name="events"/>), their bytes as it hashed them
    /// or, past its budget, read again by index and held to the leaf it authenticated (<paramref name="leaves"/>). A
    /// capture with an event past those (a write beside the check) is left to the next verify.
    /// </summary>
    public static List<VerificationItem> Check(ArchiveDatabase database, CaptureEvents events, IReadOnlyList<byte[]> leaves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(leaves);
        var ranges = Ranges(database, Math.Clamp(Environment.ProcessorCount, 1, 16));
        var found = new Findings[ranges.Count];
        // Each capture the catalog has a row for, by its number in the events; set by one range only (ids are unique).
        var visited = new bool[events.Count];
        // Threads of their own: verify's other jobs hold the pool's threads, and a range left waiting for one started
        // up to half a second late. This thread reads the first range. (Loops and classes rather than LINQ and tuples
        // here: generic code over value types is compiled at run time, at every start of the program.)
        var others = new Task[ranges.Count - 1];
        for (var i = 1; i < ranges.Count; i++)
        {
            var range = i;
            others[i - 1] = Task.Factory.StartNew(
                () => found[range] = Check(database, ranges[range], events, visited, leaves, cancellationToken),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            found[0] = Check(database, ranges[0], events, visited, leaves, cancellationToken);
        }
        finally
        {
            // None may still read the catalog when this returns, nor when it throws.
            try
            {
                Task.WaitAll(others, CancellationToken.None);
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

        var later = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in found)
        {
            later.UnionWith(range.Later);
        }

        var unrowed = new Findings();
        Unrowed(database, events, visited, later, leaves, unrowed, cancellationToken);
        var all = found.Append(unrowed).ToList();
        if (all.TrueForAll(f => f.Items.Count == 0))
        {
            return [];
        }

        // In capture id order, each capture's findings in the order found, as a reader looks a capture up.
        return [.. all.SelectMany(f => f.Items.Select((item, i) => (Capture: f.Captures[i], Item: item))).OrderBy(f => f.Capture, StringComparer.Ordinal).Select(f => f.Item)];
    }

    /// <summary>What one reader found, each finding with the id of the capture it was found at, and the captures it left to the next verify.</summary>
    private sealed class Findings
    {
        public List<VerificationItem> Items { get; } = [];

        /// <summary>The ids of captures with events past the log read (in the reader's snapshot).</summary>
        public HashSet<string> Later { get; init; } = [];

        public List<string> Captures { get; } = [];

        /// <summary>Names <paramref name="capture"/> as where the findings added since the last call were found (its id is made only then).</summary>
        public void Found(Proven capture)
        {
            while (Captures.Count < Items.Count)
            {
                Captures.Add(capture.Id);
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> ranges of rowids covering every capture row, cut evenly between the smallest and largest
    /// rowid; the first and last are open, so rows written since are read too.
    /// </summary>
    private static List<RowRange> Ranges(ArchiveDatabase database, int count)
    {
        long low, high;
        using (var connection = database.OpenForScan())
        using (var command = connection.CreateCommand())
        {
            // Each from its end of the table (one SELECT of both scans it).
            command.CommandText = """
                SELECT (SELECT min(rowid) FROM captures),
                    (SELECT max(rowid) FROM captures)
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            if (reader.IsDBNull(0))
            {
                return [new RowRange(null, null)];
            }

            (low, high) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var ranges = new List<RowRange>();
        long? from = null;
        for (var i = 1; i < count; i++)
        {
            var cut = low + (long)((high - low + 1) * (double)i / count);
            if (cut > low && cut <= high && cut > (from ?? long.MinValue))
            {
                ranges.Add(new RowRange(from, cut));
                from = cut;
            }
        }

        ranges.Add(new RowRange(from, null));
        return ranges;
    }

    /// <summary>Capture rowids from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive); null where open.</summary>
    private sealed record RowRange(long? From, long? To);

    /// <summary>Checks the capture rows of one rowid range (and their fields) against their events; returns what differs and the captures with events past the log read.</summary>
    private static Findings Check(ArchiveDatabase database, RowRange range, CaptureEvents events, bool[] visited, IReadOnlyList<byte[]> leaves, CancellationToken cancellationToken)
    {
        var (from, to) = (range.From, range.To);
        using var connection = database.OpenForScan();
        using var snapshot = connection.BeginTransaction(deferred: true);
        var db = connection.Handle!;
        var problems = new Findings { Later = Later(db, leaves.Count) };
        using var rows = new NativeStatement(db, Within(RowsSql, "c.rowid", from, to));
        using var fields = new NativeStatement(db, Within(FieldsSql, "f.capture_rowid", from, to));
        using var source = new EventSource(db, events, leaves);
        foreach (var statement in new[] { rows, fields })
        {
            if (from is not null)
            {
                statement.Bind(1, from.Value);
            }

            if (to is not null)
            {
                statement.Bind(2, to.Value);
            }
        }

        Merge(rows, fields, source, visited, problems, cancellationToken);
        return problems;
    }

    /// <summary>A query with its rowid range as bound parameters (?1 from, ?2 to), the open ends left out.</summary>
    private static string Within(string sql, string column, long? from, long? to) =>
        sql.Replace("/*range*/", (from is null ? string.Empty : $"AND {column} >= ?1 ") + (to is null ? string.Empty : $"AND {column} < ?2"), StringComparison.Ordinal);

    /// <summary>The captures named by events past the log read (<paramref name="read"/> events), in this connection's snapshot.</summary>
    private static HashSet<string> Later(sqlite3 db, int read)
    {
        var later = new HashSet<string>(StringComparer.Ordinal);
        using var statement = new NativeStatement(db, "SELECT capture_id FROM events WHERE idx >= ?1 AND capture_id IS NOT NULL");
        statement.Bind(1, read);
        while (statement.Step())
        {
            later.Add(DigestName.OfUtf8(statement.Blob(0)).ToString());
        }

        return later;
    }

    /// <summary>Walks the capture rows and their fields side by side, both in rowid order.</summary>
    private static void Merge(NativeStatement rows, NativeStatement fields, EventSource source, bool[] visited, Findings findings, CancellationToken cancellationToken)
    {
        var problems = findings.Items;
        var later = findings.Later;
        var hasField = fields.Step();
        var names = new FieldNames();
        var proven = new Proven();
        var found = new List<VerificationItem>();
        var seen = 0;
        while (rows.Step())
        {
            if ((++seen & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // What the last capture's check found is that capture's.
            findings.Found(proven);
            var id = rows.Blob(0);
            var rowid = rows.Int64(RowidColumn);
            proven.Reset(id);
            var capture = DigestName.OfUtf8(id);
            var number = source.Events.Find(capture);
            if (number >= 0)
            {
                visited[number] = true;
                source.FoldAll(proven, number, names, problems);
            }

            proven.Later = later.Count > 0 && later.Contains(capture.ToString());
            found.Clear();
            if (proven.Ingested >= 0)
            {
                CompareRow(rows, proven, found);
            }

            // Fields of no capture row (none is written so) are skipped, as a join would.
            while (hasField && fields.Int64(0) < rowid)
            {
                hasField = fields.Step();
            }

            while (hasField && fields.Int64(0) == rowid)
            {
                if (proven.Ingested >= 0)
                {
                    CompareField(fields, fields.Int64(4), proven, found);
                }

                hasField = fields.Step();
            }

            if (proven.Later)
            {
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

        findings.Found(proven);
    }

    /// <summary>The captures the log has events of and the catalog no row for: each the log ingested is missing from the catalog.</summary>
    private static void Unrowed(ArchiveDatabase database, CaptureEvents events, bool[] visited, HashSet<string> later, IReadOnlyList<byte[]> leaves, Findings findings, CancellationToken cancellationToken)
    {
        var problems = findings.Items;
        SqliteConnection? connection = null;
        EventSource? source = null;
        try
        {
            var names = new FieldNames();
            var proven = new Proven();
            for (var number = 0; number < visited.Length; number++)
            {
                if (visited[number])
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var capture = events.Capture(number);
                if (later.Count > 0 && later.Contains(capture.ToString()))
                {
                    continue;
                }

                if (source is null)
                {
                    connection = database.OpenForScan();
                    source = new EventSource(connection.Handle!, events, leaves);
                }

                proven.Reset(Encoding.UTF8.GetBytes(capture.ToString()));
                source.FoldAll(proven, number, names, problems);
                if (proven.Ingested >= 0)
                {
                    problems.Add(new VerificationItem("catalog", ItemStatus.Missing, proven.Id, Detail: $"the log's ingested event {Number(proven.Ingested)} ingested it, and the catalog has no row for it (deleted rows)"));
                }

                findings.Found(proven);
            }
        }
        finally
        {
            source?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>
    /// A capture's events for <see cref="Fold"/>: their bytes as the log read hashed them, or, for those it kept no bytes
    /// of, read again by index on this connection and used only when they hash to the leaf the log read authenticated
    /// (else they are the log check's to report, and prove nothing here).
    /// </summary>
    private sealed class EventSource : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly IReadOnlyList<byte[]> _leaves;
        private NativeStatement? _byIndex;

        // The events read again for the capture being folded, back to back: reused from capture to capture (the spans
        // Fold keeps point here until the capture is compared), replaced by a larger one when one does not fit.
        private byte[] _read = new byte[1 << 16];
        private int _used;

        public EventSource(sqlite3 db, CaptureEvents events, IReadOnlyList<byte[]> leaves) => (_db, Events, _leaves) = (db, events, leaves);

        public CaptureEvents Events { get; }

        /// <summary>Folds every event of capture <paramref name="number"/> into <paramref name="proven"/>, in log order.</summary>
        public void FoldAll(Proven proven, int number, FieldNames names, List<VerificationItem> problems)
        {
            var (from, to) = Events.EventsOf(number);
            _used = 0;
            for (var position = from; position < to; position++)
            {
                var index = Events.Index(position);
                if (Events.TryGetBytes(position, out var buffer, out var offset, out var length))
                {
                    Fold(proven, index, buffer, offset, length, names, problems);
                }
                else if (Read(index, out var at, out var read))
                {
                    Fold(proven, index, _read, at, read, names, problems);
                }
            }
        }

        /// <summary>Reads the event at <paramref name="index"/> into the buffer, when its bytes are those the log read authenticated.</summary>
        private bool Read(long index, out int offset, out int length)
        {
            (offset, length) = (0, 0);
            if (_byIndex is null)
            {
                _byIndex = new NativeStatement(_db, "SELECT json FROM events WHERE idx = ?1");
            }

            _byIndex.Reset();
            _byIndex.Bind(1, index);
            if (!_byIndex.Step())
            {
                return false;
            }

            var json = _byIndex.Blob(0);
            Span<byte> leaf = stackalloc byte[MerkleHash.Size];
            MerkleHash.LeafHash(json, leaf);
            if (index >= _leaves.Count || !leaf.SequenceEqual(_leaves[(int)index]))
            {
                return false;
            }

            if (_used + json.Length > _read.Length)
            {
                _read = new byte[Math.Max(2 * _read.Length, json.Length)];
                _used = 0;
            }

            json.CopyTo(_read.AsSpan(_used));
            (offset, length) = (_used, json.Length);
            _used += json.Length;
            return true;
        }

        public void Dispose() => _byIndex?.Dispose();
    }

    private static string Type(Proven p, long index) => index == p.Ingested ? EventType.Ingested : EventType.MetadataAmended;

    private static VerificationItem Differs(string id, string what, string? logged, string? held, long index, string type) =>
        new("catalog", ItemStatus.Changed, id, Expected: logged ?? "(none)", Actual: held ?? "(none)",
            Detail: $"the catalog's {what} differs from the one the log's {type} event {Number(index)} recorded");

    /// <summary>Compares one capture row (columns as <see cref="RowsSql"/> lists them) with the capture's events.</summary>
    private static void CompareRow(NativeStatement row, Proven p, List<VerificationItem> found)
    {
        var e = p.IngestedEvent;
        var ingested = EventType.Ingested;
        void Text(int column, JsonSpan logged, string what, string type, long index)
        {
            if (!logged.ValueEquals(row.Blob(column)) || row.IsNull(column))
            {
                found.Add(Differs(p.Id, what, logged.GetString(), Held(row, column), index, type));
            }
        }

        void Integer(int column, JsonSpan logged, string what, string type, long index)
        {
            if (!logged.TryGetInt64(out var value) || value != row.Int64(column) || row.Type(column) != raw.SQLITE_INTEGER)
            {
                found.Add(Differs(p.Id, what, logged.RawText, Held(row, column), index, type));
            }
        }

        Integer(1, e.Size, "size", ingested, p.Ingested);
        Text(2, e.MediaType, "media type", ingested, p.Ingested);
        Text(3, e.OriginalName, "original file name", ingested, p.Ingested);
        Text(5, e.Agent, "ingesting agent", ingested, p.Ingested);
        var time = e.Time;
        if (!SameMinuteBefore(row.Blob(4), time.Raw) && !SameMoment(Held(row, 4) ?? string.Empty, time.GetString()!))
        {
            found.Add(Differs(p.Id, "ingest time", time.GetString(), Held(row, 4), p.Ingested, ingested));
        }

        var source = e.Source;
        if (!source.ValueEquals(row.Blob(13)) || row.IsNull(13))
        {
            found.Add(Differs(p.Id, "source", source.GetString(), Held(row, 13) ?? "(no source row)", p.Ingested, ingested));
        }
        else if (e.SourceVersion.Int64 == 1)
        {
            // The source row was made by this capture's ingest, with its address (neither can be amended).
            var at = p.Find("source_url");
            var matches = at < 0
                ? row.IsNull(14)
                : !row.IsNull(14) && (p.Fields[at].Value.IsString
                    ? p.Fields[at].Value.ValueEquals(row.Blob(14))
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
            if (at < 0 ? !row.IsNull(column) : !ColumnMatches(name, p.Fields[at].Value, row, column, p.Scratch))
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
            if (length != row.Int64(6) || bytes != row.Int64(7))
            {
                found.Add(Differs(p.Id, "text length", $"{Number(length)} code points, {Number(bytes)} bytes", $"{Held(row, 6)} code points, {Held(row, 7)} bytes", p.Extracted, extracted));
            }

            var (name, version, settings) = (t.ExtractorName, t.ExtractorVersion, t.ExtractorSettings);
            if (!name.ValueEquals(row.Blob(8)) || !version.ValueEquals(row.Blob(9)) || !settings.ValueEquals(row.Blob(10)))
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

        var withdrawn = row.Int64(12) != 0;
        if (withdrawn != (p.Withdrawn >= 0))
        {
            found.Add(new VerificationItem("catalog", ItemStatus.Changed, p.Id, Expected: p.Withdrawn >= 0 ? "withdrawn" : "not withdrawn", Actual: withdrawn ? "withdrawn" : "not withdrawn",
                Detail: p.Withdrawn >= 0 ? $"the log's withdrawn event {Number(p.Withdrawn)} withdrew it, and the catalog no longer marks it withdrawn (it is back in searches)" : "the catalog marks it withdrawn (left out of searches), and no event in the log withdrew it"));
        }
    }

    /// <summary>Compares one capture_fields row (capture id, field, value, origin, event) with the field as the events set it.</summary>
    private static void CompareField(NativeStatement row, long index, Proven p, List<VerificationItem> found)
    {
        var name = row.Blob(1);
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
        if (!field.Value.Raw.SequenceEqual(row.Blob(2)) || !field.Origin.ValueEquals(row.Blob(3)))
        {
            found.Add(Differs(p.Id, $"field {field.Name}", $"{field.Value.RawText} ({field.Origin.GetString()})", HeldValue(), field.Event, type));
        }
        else if (index != field.Event)
        {
            found.Add(Differs(p.Id, $"field {field.Name}'s event", Number(field.Event), Number(index), field.Event, type));
        }
    }

    /// <summary>Applies one event to the capture's state; an event whose data has another shape is named rather than skipped.</summary>
    private static void Fold(Proven p, long index, byte[] buffer, int offset, int length, FieldNames names, List<VerificationItem> problems)
    {
        var e = new CaptureEventReader { Buffer = buffer, Offset = offset, Fields = p.Logged };
        var read = CanonicalJson.Scan(buffer.AsSpan(offset, length), ref e) != JsonScan.Invalid && e.RootIsObject && e.Type.IsString;
        p.Logged = e.Fields;
        var type = e.Type;
        if (!read)
        {
        }
        else if (type.ValueEquals(CaptureEvents.IngestedType) && p.Ingested < 0)
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
        else if (type.ValueEquals(CaptureEvents.MetadataAmendedType) && p.Ingested >= 0)
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
        else if (type.ValueEquals(CaptureEvents.TextExtractedType))
        {
            read = e.DataIsObject && e.Length.IsInt64 && e.Bytes.IsInt64 && e.Pages.IsInt32 && e.ExtractorIsObject
                && e.ExtractorName.IsString && e.ExtractorVersion.IsString && e.ExtractorSettings.IsString;
            if (read)
            {
                p.Extracted = index;
                p.ExtractedEvent = e;
            }
        }
        else if (type.ValueEquals(CaptureEvents.WithdrawnType))
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
    private static string? Held(NativeStatement row, int column) =>
        row.IsNull(column) ? null : Encoding.UTF8.GetString(row.Blob(column));

    /// <summary>Whether a projected column holds what the catalog writers store for the field's value (lists one item a line).</summary>
    private static bool ColumnMatches(string name, JsonSpan value, NativeStatement row, int column, ArrayBufferWriter<byte> scratch)
    {
        if (row.IsNull(column))
        {
            return false;
        }

        // Most values are strings shown as they are, and lists are lists of strings: compared without building strings.
        var list = name is "tags" or "authors";
        if (value.IsString && !list)
        {
            return value.ValueEquals(row.Blob(column));
        }

        if (list && value.Kind == JsonTokenType.StartArray && ListMatches(value.Raw, row.Blob(column), scratch) is { } matches)
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
