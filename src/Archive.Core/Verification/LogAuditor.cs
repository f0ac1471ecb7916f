using System.Text;
using System.Text.Json;
using Archive.Core.Provenance;
using Archive.Core.Catalog;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Verification;

/// <summary>
/// Re-reads every event in index order and checks: indices are contiguous, each row is canonical JSON naming
/// its own index, each names the previous leaf hash, stored leaf hashes match, and the Merkle root at every
/// checkpoint's size equals the signed root, under a valid signature.
/// </summary>
/// <remarks>
/// <see cref="Scan"/> streams the events in ranges of <c>chunk</c> indices, each on its own connection and core: it
/// hashes every event's exact bytes into its leaf and checks its JSON in one pass over those bytes, straight from
/// SQLite's row buffer. Then one ordered pass walks the chain and the Merkle tree. Nothing is skipped: every byte of
/// every event is hashed into the recomputed root.
/// </remarks>
internal static class LogAuditor
{
    /// <summary>The fewest events a range read by one worker holds (each range opens its own connection).</summary>
    public const int MinimumChunk = 4096;

    private const int MaxReported = 100;
    private const string RangeSql = "SELECT idx, type, capture_id, time, json, leaf FROM events WHERE idx >= ?1 AND idx < ?2 ORDER BY idx";

    /// <summary>
    /// Reads and checks the whole log (all but the checkpoint signatures, which need the key history), in ranges of
    /// <paramref name="chunk"/> indices: by default two per core, of at least <see cref="MinimumChunk"/> events.
    /// </summary>
    public static LogScan Scan(ArchiveDatabase database, SqliteConnection connection, CancellationToken cancellationToken, int? chunk = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Scan(database, ReadBounds(connection), cancellationToken, chunk, connection);
    }

    /// <summary>
    /// Reads and checks the events within <paramref name="bounds"/> (see the overload below), keeping the bytes of the
    /// events catalog rows are made from up to <paramref name="keptBytes"/> in all (<see cref="CaptureEvents"/>).
    /// </summary>
    public static LogScan Scan(ArchiveDatabase database, LogBounds bounds, long keptBytes, CancellationToken cancellationToken) =>
        Scan(database, bounds, cancellationToken, chunk: null, connection: null, new CaptureEvents.Budget(keptBytes));

    /// <summary>
    /// The checkpoints and the first and last event index, read in the caller's snapshot (<paramref name="transaction"/>):
    /// every capture and checkpoint that snapshot holds has its events within these bounds, and events are only ever
    /// appended, so the events can be read afterwards on other connections.
    /// </summary>
    public static LogBounds ReadBounds(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Checkpoints first: events are only ever appended, so the events read next cover every checkpoint read here.
        var checkpoints = CheckpointStore.ReadAll(connection, transaction);
        using var bounds = connection.CreateCommand();
        bounds.Transaction = transaction;
        // Two subqueries, each answered from the end of the primary key: min() and max() in one SELECT scan the table.
        bounds.CommandText = """
            SELECT (SELECT min(idx) FROM events),
                (SELECT max(idx) FROM events)
            """;
        using var reader = bounds.ExecuteReader();
        reader.Read();
        return reader.IsDBNull(0) ? new LogBounds(checkpoints, 0, -1) : new LogBounds(checkpoints, reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Reads and checks the events within <paramref name="bounds"/>, each range on a connection of its own (or, for a
    /// single range, on <paramref name="connection"/> when given).
    /// </summary>
    public static LogScan Scan(ArchiveDatabase database, LogBounds bounds, CancellationToken cancellationToken, int? chunk = null, SqliteConnection? connection = null, CaptureEvents.Budget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk ?? 1, 1);
        budget ??= new CaptureEvents.Budget(CaptureEvents.DefaultBudget);
        var (checkpoints, first, last) = bounds;
        if (last < first)
        {
            return Walk([], checkpoints);
        }

        var span = last - first + 1;
        var size = chunk ?? Math.Max(MinimumChunk, (span + (2 * Environment.ProcessorCount) - 1) / (2 * Environment.ProcessorCount));
        // Each range's first index, and one past the last range (arrays rather than a list of tuples: generic code over
        // value types is compiled at run time, at every start of the program).
        var count = (int)((span + size - 1) / size);
        var starts = new long[count + 1];
        for (var i = 0; i < count; i++)
        {
            starts[i] = first + (i * size);
        }

        starts[count] = last + 1;
        var read = new Chunk[count];
        if (count == 1 && connection is not null)
        {
            read[0] = ReadRange(connection, starts[0], starts[1], budget, cancellationToken);
        }
        else
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                using var own = database.OpenForScan();
                read[i] = ReadRange(own, starts[i], starts[i + 1], budget, cancellationToken);
            });
        }

        return Walk(read, checkpoints);
    }

    /// <summary>Adds the checkpoint checks (each under the key in force at its size) to a scan's findings.</summary>
    public static LogAudit Audit(LogScan scan, KeyHistory keys)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(keys);
        var problems = new List<VerificationItem>();
        foreach (var (index, message) in keys.Problems)
        {
            Add(problems, new VerificationItem("key", ItemStatus.Changed, LogIndex: index, Detail: message));
        }

        foreach (var problem in scan.Problems)
        {
            Add(problems, problem);
        }

        var checked_ = new (StoredCheckpoint Checkpoint, string? Detail)[scan.Checkpoints.Count];
        Parallel.For(0, scan.Checkpoints.Count, i =>
        {
            var checkpoint = scan.Checkpoints[i];
            checked_[i] = (checkpoint, CheckCheckpoint(checkpoint, keys.KeyFor(checkpoint.TreeSize), scan.Roots, scan.Events));
        });
        foreach (var (checkpoint, detail) in checked_)
        {
            if (detail is not null)
            {
                Add(problems, new VerificationItem("checkpoint", ItemStatus.Changed, Id: checkpoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), LogIndex: checkpoint.TreeSize - 1, Detail: detail, Expected: checkpoint.Root,
                    Actual: scan.Roots.TryGetValue(checkpoint.TreeSize, out var r) ? Convert.ToBase64String(r) : null));
            }
        }

        return new LogAudit(problems, scan.Events, scan.Checkpoints.Count, scan.Root, scan.TextByCapture, scan.Leaves);
    }

    /// <summary>Streams one range of indices from SQLite's row buffers: leaf hashes and every check one event allows on its own.</summary>
    private static Chunk ReadRange(SqliteConnection connection, long from, long to, CaptureEvents.Budget budget, CancellationToken cancellationToken)
    {
        var chunk = new Chunk((int)Math.Min(to - from, 1 << 20), budget);
        using (var statement = new NativeStatement(connection.Handle!, RangeSql))
        {
            statement.Bind(1, from);
            statement.Bind(2, to);
            var first = true;
            while (statement.Step())
            {
                if ((chunk.Count & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var index = statement.Int64(0);
                var type = statement.Blob(1);
                var captureIsNull = statement.IsNull(2);
                var capture = statement.Blob(2);
                var time = statement.Blob(3);
                var json = statement.Blob(4);
                var stored = statement.Blob(5);

                var leaf = chunk.NextLeaf();
                MerkleHash.LeafHash(json, leaf);
                var fields = default(EventFields);
                var scan = CanonicalJson.Scan(json, ref fields);
                var problem = Inspect(scan, ref fields, index, type, capture, captureIsNull, time, json);

                var e = new Scanned { Index = index, Problem = problem, LeafMatches = leaf.SequenceEqual(stored) };
                if (first)
                {
                    // Checked in the ordered pass, against the last leaf of the range before.
                    chunk.FirstPrev = fields.Prev.Kind == JsonTokenType.String ? Decode(json, fields.Prev) : null;
                    first = false;
                }
                else
                {
                    e.PrevMatches = Links(fields, json, chunk.Leaf(chunk.Count - 1));
                }

                var typeName = type.SequenceEqual(TextExtracted) ? EventType.TextExtracted
                    : type.SequenceEqual(Captured) ? EventType.Captured
                    : type.SequenceEqual(KeyChanged) ? EventType.KeyChanged
                    : type.SequenceEqual(Timestamped) ? EventType.Timestamped
                    : null;
                DigestName? captureId = null;
                if (!captureIsNull && (typeName is not null || CaptureEvents.MakesRow(type)))
                {
                    var name = DigestName.OfUtf8(capture);
                    captureId = name;
                    if (CaptureEvents.MakesRow(type))
                    {
                        // Kept by capture for the check of the catalog's rows against the log, which reads no event again.
                        chunk.RowEvents.Add(name, index, json);
                    }
                }

                if (typeName == EventType.TextExtracted && captureId is { } extracted)
                {
                    if (problem is null && fields.DataText.Kind == JsonTokenType.String)
                    {
                        chunk.AddText(extracted, Name(json, fields.DataText));
                    }

                    if (fields.Layout.Kind == JsonTokenType.String)
                    {
                        chunk.Named.Add(new NamedBlob("layout", extracted, Name(json, fields.Layout)));
                    }

                    // A re-extracted capture's earlier text is named only here: it stays in the store, citable, and is re-hashed.
                    if (fields.Replaces.Kind == JsonTokenType.String)
                    {
                        chunk.Named.Add(new NamedBlob(NamedBlob.EarlierText, extracted, Name(json, fields.Replaces)));
                    }
                }
                else if (typeName == EventType.Captured && captureId is { } captured && fields.Screenshot.Kind == JsonTokenType.String)
                {
                    chunk.Named.Add(new NamedBlob("screenshot", captured, Name(json, fields.Screenshot)));
                }
                else if (typeName == EventType.KeyChanged)
                {
                    chunk.KeyChanges.Add((index, Encoding.UTF8.GetString(json)));
                }
                else if (typeName == EventType.Timestamped)
                {
                    // Each names the token stored with it, which the time stamps' check holds the catalog to.
                    chunk.Timestamped.Add((index, Encoding.UTF8.GetString(json)));
                }

                chunk.Add(e);
            }
        }

        return chunk;
    }

    /// <summary>The ordered pass: index gaps, links between events, stored leaves, and the Merkle roots at every checkpoint size.</summary>
    private static LogScan Walk(Chunk[] chunks, IReadOnlyList<StoredCheckpoint> checkpoints)
    {
        var problems = new List<VerificationItem>();
        var wanted = checkpoints.Select(c => c.TreeSize).ToHashSet();
        var roots = new Dictionary<long, byte[]>();
        var textByCapture = new CaptureTexts(chunks.Sum(c => c.TextCount));
        var accumulator = new MerkleAccumulator();
        Chunk? previousChunk = null;
        long expected = 0;
        foreach (var chunk in chunks)
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                ref readonly var e = ref chunk.Events[i];
                var leaf = chunk.Leaf(i);
                var index = e.Index;
                if (index != expected)
                {
                    Add(problems, Broken(expected, index > expected
                        ? $"events {expected}..{index - 1} are missing (deleted rows)"
                        : $"row index {index} is out of order"));
                    expected = index;
                }

                var links = i > 0
                    ? e.PrevMatches
                    : previousChunk is null ? chunk.FirstPrev is null : string.Equals(chunk.FirstPrev, Convert.ToHexStringLower(previousChunk.Leaf(previousChunk.Count - 1)), StringComparison.Ordinal);
                if (e.Problem is not null)
                {
                    Add(problems, Broken(index, e.Problem));
                }
                else if (!links)
                {
                    Add(problems, index == 0 || (i == 0 && previousChunk is null)
                        ? Broken(index, "the first event must not link to a previous one")
                        : Broken(index - 1, $"its hash no longer matches the link recorded in event {index}: it was changed, or events were removed or reordered"));
                }
                else if (!e.LeafMatches)
                {
                    Add(problems, Broken(index, "stored leaf hash does not match the event's JSON"));
                }

                accumulator.Append(leaf);
                expected++;
                if (wanted.Contains(accumulator.Size))
                {
                    roots[accumulator.Size] = accumulator.Root();
                }
            }

            // In event order, chunk after chunk: a later extraction's text wins.
            for (var i = 0; i < chunk.TextCount; i++)
            {
                textByCapture.Set(chunk.Texts[i].Capture, chunk.Texts[i].Text);
            }

            if (chunk.Count > 0)
            {
                previousChunk = chunk;
            }
        }

        // Rows deleted from the end leave no gap to see; the signed checkpoints still say how long the log was.
        var signedSize = checkpoints.Count == 0 ? 0 : checkpoints.Max(c => c.TreeSize);
        if (signedSize > accumulator.Size)
        {
            Add(problems, Broken(accumulator.Size, $"events {accumulator.Size}..{signedSize - 1} are missing: a checkpoint covers {signedSize} events (deleted rows)"));
        }

        return new LogScan(
            problems,
            accumulator.Size,
            checkpoints,
            roots,
            accumulator.Root(),
            textByCapture,
            new LeafHashes([.. chunks.Select(c => c.Leaves)], [.. chunks.Select(c => c.Count)]),
            [.. chunks.SelectMany(c => c.KeyChanges)],
            [.. chunks.SelectMany(c => c.Named)],
            [.. chunks.SelectMany(c => c.Timestamped)],
            expected,
            CaptureEvents.Build([.. chunks.Select(c => c.RowEvents)]));
    }

    /// <summary>The checks one event allows on its own: valid canonical JSON naming its own index and matching its row.</summary>
    private static string? Inspect(JsonScan scan, ref EventFields fields, long index, ReadOnlySpan<byte> type, ReadOnlySpan<byte> capture, bool captureIsNull, ReadOnlySpan<byte> time, ReadOnlySpan<byte> json)
    {
        if (scan == JsonScan.Invalid)
        {
            return "event is not valid JSON";
        }

        if (!fields.RootIsObject)
        {
            return "event is not a JSON object";
        }

        if (scan != JsonScan.Canonical)
        {
            return "event JSON is not in canonical form (edited by hand?)";
        }

        if (fields.Index.Kind != JsonTokenType.Number || !fields.IndexIsInt64 || fields.IndexValue != index)
        {
            var shown = fields.Index.Kind switch
            {
                JsonTokenType.None => "nothing",
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.String => "\"" + Encoding.UTF8.GetString(json.Slice(fields.Index.Start, fields.Index.Length)) + "\"",
                _ => Encoding.UTF8.GetString(json.Slice(fields.Index.Start, fields.Index.Length)),
            };
            return $"event says it is index {shown}, but sits at {index} (reordered?)";
        }

        if (!Same(fields.Type, json, type, false) || !Same(fields.Capture, json, capture, captureIsNull) || !Same(fields.Time, json, time, false))
        {
            return "type, capture or time column disagrees with the event's JSON";
        }

        return null;
    }

    /// <summary>Whether a string field (anything else counts as null) equals a column's UTF-8 text (or NULL).</summary>
    private static bool Same(Field field, ReadOnlySpan<byte> json, ReadOnlySpan<byte> column, bool columnIsNull)
    {
        if (field.Kind != JsonTokenType.String)
        {
            return columnIsNull;
        }

        if (columnIsNull)
        {
            return false;
        }

        return field.Escaped is { } decoded
            ? string.Equals(decoded, Encoding.UTF8.GetString(column), StringComparison.Ordinal)
            : json.Slice(field.Start, field.Length).SequenceEqual(column);
    }

    /// <summary>Whether the event's <c>prev</c> is the lower-case hex of <paramref name="previousLeaf"/>.</summary>
    private static bool Links(in EventFields fields, ReadOnlySpan<byte> json, ReadOnlySpan<byte> previousLeaf)
    {
        if (fields.Prev.Kind != JsonTokenType.String)
        {
            return false;
        }

        if (fields.Prev.Escaped is { } decoded)
        {
            return string.Equals(decoded, Convert.ToHexStringLower(previousLeaf), StringComparison.Ordinal);
        }

        Span<byte> expected = stackalloc byte[2 * MerkleHash.Size];
        for (var i = 0; i < previousLeaf.Length; i++)
        {
            expected[2 * i] = LowerHexDigits[previousLeaf[i] >> 4];
            expected[(2 * i) + 1] = LowerHexDigits[previousLeaf[i] & 0xF];
        }

        return json.Slice(fields.Prev.Start, fields.Prev.Length).SequenceEqual(expected);
    }

    private static string Decode(ReadOnlySpan<byte> json, Field field) =>
        field.Escaped ?? Encoding.UTF8.GetString(json.Slice(field.Start, field.Length));

    /// <summary>A string field as a <see cref="DigestName"/>: no string is made for a canonical digest written plainly.</summary>
    private static DigestName Name(ReadOnlySpan<byte> json, Field field) =>
        field.Escaped is { } decoded ? DigestName.Of(decoded) : DigestName.OfUtf8(json.Slice(field.Start, field.Length));

    private static string? CheckCheckpoint(StoredCheckpoint stored, CheckpointSigner verifier, IReadOnlyDictionary<long, byte[]> roots, long events)
    {
        if (!verifier.Verify(Encoding.UTF8.GetBytes(stored.Body), stored.Signature))
        {
            return $"signature does not verify with the key in force at size {stored.TreeSize} (sha256:{verifier.KeyId[..16]}…)";
        }

        var parsed = Checkpoint.TryParse(stored.Body);
        if (parsed is null || parsed.TreeSize != stored.TreeSize || Convert.ToBase64String(parsed.Root) != stored.Root)
        {
            return "signed body disagrees with the checkpoint row";
        }

        if (stored.TreeSize > events)
        {
            return $"checkpoint covers {stored.TreeSize} events but the log has {events}: events were deleted";
        }

        return roots.TryGetValue(stored.TreeSize, out var root) && root.AsSpan().SequenceEqual(parsed.Root)
            ? null
            : $"Merkle root over the first {stored.TreeSize} events differs from the signed root";
    }

    private static VerificationItem Broken(long index, string detail) =>
        new("log", ItemStatus.Changed, LogIndex: index, Detail: $"log broken at index {index}: {detail}");

    private static void Add(List<VerificationItem> problems, VerificationItem item)
    {
        if (problems.Count < MaxReported)
        {
            problems.Add(item);
        }
    }

    // The log writes links in lower-case hex; any other spelling never matches.
    private static ReadOnlySpan<byte> LowerHexDigits => "0123456789abcdef"u8;

    private static ReadOnlySpan<byte> TextExtracted => "text-extracted"u8;

    private static ReadOnlySpan<byte> Captured => "captured"u8;

    private static ReadOnlySpan<byte> KeyChanged => "key-changed"u8;

    private static ReadOnlySpan<byte> Timestamped => "timestamped"u8;

    /// <summary>
    /// What one worker read: its events in order with their leaf hashes (one buffer, 32 bytes each), the raw
    /// <c>prev</c> of its first (checked against the range before), and the texts its extractions recorded.
    /// </summary>
    /// <remarks>Arrays, not lists of these structs, which ReadyToRun would leave to be compiled at run time.</remarks>
    private sealed class Chunk(int capacity, CaptureEvents.Budget budget)
    {
        /// <summary>The events catalog rows are made from, by capture (see <see cref="CaptureEvents"/>).</summary>
        public CaptureEvents.Collector RowEvents { get; } = new(budget, capacity);

        /// <summary>The events read, the first <see cref="Count"/> of this array.</summary>
        public Scanned[] Events { get; private set; } = new Scanned[Math.Max(capacity, 1)];

        public int Count { get; private set; }

        public byte[] Leaves { get; private set; } = new byte[Math.Max(capacity, 1) * MerkleHash.Size];

        public string? FirstPrev { get; set; }

        /// <summary>Each text-extracted event's capture and text digest, in event order: the first <see cref="TextCount"/>.</summary>
        public TextRecord[] Texts { get; private set; } = new TextRecord[Math.Max(capacity / 2, 16)];

        public int TextCount { get; private set; }

        public List<(long Index, string Json)> KeyChanges { get; } = [];

        public List<(long Index, string Json)> Timestamped { get; } = [];

        public List<NamedBlob> Named { get; } = [];

        /// <summary>The leaf of event <paramref name="i"/> of this chunk.</summary>
        public Span<byte> Leaf(int i) => Leaves.AsSpan(i * MerkleHash.Size, MerkleHash.Size);

        /// <summary>The place for the leaf of the event about to be added with <see cref="Add"/>.</summary>
        public Span<byte> NextLeaf()
        {
            if (Count == Events.Length)
            {
                var events = new Scanned[2 * Count];
                Array.Copy(Events, events, Count);
                Events = events;
                var leaves = new byte[2 * Leaves.Length];
                Array.Copy(Leaves, leaves, Count * MerkleHash.Size);
                Leaves = leaves;
            }

            return Leaf(Count);
        }

        /// <summary>Adds an event whose leaf <see cref="NextLeaf"/> gave the place of.</summary>
        public void Add(in Scanned e) => Events[Count++] = e;

        public void AddText(DigestName capture, DigestName text)
        {
            if (TextCount == Texts.Length)
            {
                var texts = new TextRecord[2 * TextCount];
                Array.Copy(Texts, texts, TextCount);
                Texts = texts;
            }

            Texts[TextCount++] = new TextRecord(capture, text);
        }
    }

    /// <summary>A capture and the text digest an extraction recorded for it.</summary>
    private readonly struct TextRecord(DigestName capture, DigestName text)
    {
        public DigestName Capture { get; } = capture;

        public DigestName Text { get; } = text;
    }

    /// <summary>One event as the ordered pass needs it (its leaf is in the chunk's buffer).</summary>
    private struct Scanned
    {
        public long Index;
        public string? Problem;
        public bool LeafMatches;
        public bool PrevMatches;
    }

    /// <summary>Where a value sits in the event's bytes: its token kind (None when absent), raw span, and the decoded string when escaped.</summary>
    private struct Field
    {
        public JsonTokenType Kind;
        public int Start;
        public int Length;
        public string? Escaped;
    }

    /// <summary>
    /// Picks out, as <see cref="CanonicalJson.Scan"/> reads an event, the members verify compares: index, prev, time,
    /// type and capture at the top, and data.text, data.layout, data.replaces and data.screenshot.sha256.
    /// </summary>
    private struct EventFields : IJsonVisitor
    {
        public bool RootIsObject;
        public Field Index;
        public bool IndexIsInt64;
        public long IndexValue;
        public Field Prev;
        public Field Time;
        public Field Type;
        public Field Capture;
        public Field DataText;
        public Field Layout;
        public Field Replaces;
        public Field Screenshot;

        private bool _started;
        private Member _top;
        private Member _inData;
        private Member _inScreenshot;
        private bool _dataIsObject;
        private bool _screenshotIsObject;

        private enum Member
        {
            Other,
            Index,
            Prev,
            Time,
            Type,
            Capture,
            Data,
            Text,
            Layout,
            Replaces,
            Screenshot,
            Sha256,
        }

        public void Property(ReadOnlySpan<byte> json, int depth, int start, int length, bool escaped)
        {
            // Escaped member names are never canonical for these ASCII names, so they need not be decoded to match.
            var name = escaped ? default : json.Slice(start, length);
            switch (depth)
            {
                case 1:
                    _top = name.Length switch
                    {
                        4 when name.SequenceEqual("prev"u8) => Member.Prev,
                        4 when name.SequenceEqual("time"u8) => Member.Time,
                        4 when name.SequenceEqual("type"u8) => Member.Type,
                        4 when name.SequenceEqual("data"u8) => Member.Data,
                        5 when name.SequenceEqual("index"u8) => Member.Index,
                        7 when name.SequenceEqual("capture"u8) => Member.Capture,
                        _ => Member.Other,
                    };
                    break;
                case 2 when _top == Member.Data && _dataIsObject:
                    _inData = name.Length switch
                    {
                        4 when name.SequenceEqual("text"u8) => Member.Text,
                        6 when name.SequenceEqual("layout"u8) => Member.Layout,
                        8 when name.SequenceEqual("replaces"u8) => Member.Replaces,
                        10 when name.SequenceEqual("screenshot"u8) => Member.Screenshot,
                        _ => Member.Other,
                    };
                    break;
                case 3 when _top == Member.Data && _dataIsObject && _inData == Member.Screenshot && _screenshotIsObject:
                    _inScreenshot = name.SequenceEqual("sha256"u8) ? Member.Sha256 : Member.Other;
                    break;
            }
        }

        public void Value(ReadOnlySpan<byte> json, int depth, JsonTokenType kind, int start, int length, bool escaped)
        {
            if (!_started)
            {
                _started = true;
                RootIsObject = kind == JsonTokenType.StartObject;
                return;
            }

            // A value (or the start of one) at a depth belongs to the member name read last at that depth.
            switch (depth)
            {
                case 1:
                    switch (_top)
                    {
                        case Member.Index:
                            Index = Take(json, kind, start, length, escaped);
                            IndexIsInt64 = kind == JsonTokenType.Number && System.Buffers.Text.Utf8Parser.TryParse(json.Slice(start, length), out IndexValue, out var consumed) && consumed == length;
                            break;
                        case Member.Prev:
                            Prev = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Time:
                            Time = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Type:
                            Type = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Capture:
                            Capture = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Data:
                            _dataIsObject = kind == JsonTokenType.StartObject;
                            _inData = Member.Other;
                            return;
                    }

                    _top = Member.Other;
                    break;
                case 2 when _top == Member.Data && _dataIsObject:
                    switch (_inData)
                    {
                        case Member.Text:
                            DataText = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Layout:
                            Layout = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Replaces:
                            Replaces = Take(json, kind, start, length, escaped);
                            break;
                        case Member.Screenshot:
                            _screenshotIsObject = kind == JsonTokenType.StartObject;
                            _inScreenshot = Member.Other;
                            return;
                    }

                    _inData = Member.Other;
                    break;
                case 3 when _top == Member.Data && _dataIsObject && _inData == Member.Screenshot && _screenshotIsObject:
                    if (_inScreenshot == Member.Sha256)
                    {
                        Screenshot = Take(json, kind, start, length, escaped);
                    }

                    _inScreenshot = Member.Other;
                    break;
            }
        }

        private static Field Take(ReadOnlySpan<byte> json, JsonTokenType kind, int start, int length, bool escaped) => new()
        {
            Kind = kind,
            Start = start,
            Length = length,
            Escaped = escaped ? CanonicalJson.Unescape(json.Slice(start, length)) : null,
        };
    }
}
