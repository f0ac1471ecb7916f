using System.Text;
using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// The events a capture's catalog row is made from (ingested, text-extracted, metadata-amended and withdrawn, by their
/// type and capture_id columns), as the log read found them: each capture's in index order, numbered by capture, with
/// the event's bytes as the log read hashed them while they fit in a budget shared by the whole read. Events over
/// the budget keep only their index and are read again by it (<see cref="CatalogAgainstLog"/>), so a large archive
/// costs 24 bytes an event here, not its bytes.
/// </summary>
internal sealed class CaptureEvents
{
    /// <summary>
    /// The most event bytes one log read keeps: 64 MiB, the catalog-row events of about 40,000 news articles (Reuters'
    /// 21,339 take 31 MB). Past it, each event is read again by its index and hashed again: on Reuters, about 6 µs more
    /// CPU a capture.
    /// </summary>
    public const long DefaultBudget = 64L << 20;

    private readonly DigestIndex _digests;
    private readonly Dictionary<string, int> _others;
    private readonly List<string> _otherNames;
    private readonly int[] _starts;
    private readonly long[] _indices;
    private readonly byte[]?[] _buffers;
    private readonly int[] _offsets;
    private readonly int[] _lengths;

    private CaptureEvents(DigestIndex digests, Dictionary<string, int> others, List<string> otherNames, int[] starts, long[] indices, byte[]?[] buffers, int[] offsets, int[] lengths)
    {
        (_digests, _others, _otherNames, _starts, _indices, _buffers, _offsets, _lengths) = (digests, others, otherNames, starts, indices, buffers, offsets, lengths);
    }

    /// <summary>How many captures have events here; they are numbered 0 to Count - 1.</summary>
    public int Count => _digests.Count + _others.Count;

    /// <summary>The number of the capture named <paramref name="capture"/>, or -1 when the log read no event of it.</summary>
    public int Find(DigestName capture) =>
        capture.IsDigest ? _digests.Find(capture) : _others.TryGetValue(capture.Raw!, out var other) ? _digests.Count + other : -1;

    /// <summary>The capture numbered <paramref name="number"/>.</summary>
    public DigestName Capture(int number) => number < _digests.Count ? _digests[number] : DigestName.Of(_otherNames[number - _digests.Count]);

    /// <summary>The first and one past the last event of capture <paramref name="number"/> (positions for <see cref="Index"/> and <see cref="TryGetBytes"/>).</summary>
    public (int From, int To) EventsOf(int number) => (_starts[number], _starts[number + 1]);

    /// <summary>The log index of the event at <paramref name="position"/>.</summary>
    public long Index(int position) => _indices[position];

    /// <summary>The event's bytes as the log read hashed them, when they were kept: a buffer, where they start, their length.</summary>
    public bool TryGetBytes(int position, out byte[] buffer, out int offset, out int length)
    {
        (buffer, offset, length) = (_buffers[position]!, _offsets[position], _lengths[position]);
        return _buffers[position] is not null;
    }

    /// <summary>Puts the collectors' events (collectors in log order, each in index order) together by capture.</summary>
    public static CaptureEvents Build(IReadOnlyList<Collector> collectors)
    {
        ArgumentNullException.ThrowIfNull(collectors);
        var total = collectors.Sum(c => c.Count);
        var digests = new DigestIndex(total / 2);
        var others = new Dictionary<string, int>(StringComparer.Ordinal);
        var otherNames = new List<string>();
        var numbers = new int[total];
        var at = 0;
        foreach (var collector in collectors)
        {
            for (var i = 0; i < collector.Count; i++)
            {
                var capture = collector.Captures[i];
                if (capture.IsDigest)
                {
                    numbers[at++] = digests.Add(capture, out _);
                }
                else
                {
                    if (!others.TryGetValue(capture.Raw!, out var other))
                    {
                        other = others.Count;
                        others.Add(capture.Raw!, other);
                        otherNames.Add(capture.Raw!);
                    }

                    numbers[at++] = -1 - other;
                }
            }
        }

        // Other ids are numbered after the digests; then a counting sort by capture, which keeps each capture's events in log order.
        var starts = new int[digests.Count + others.Count + 1];
        for (var i = 0; i < total; i++)
        {
            if (numbers[i] < 0)
            {
                numbers[i] = digests.Count - 1 - numbers[i];
            }

            starts[numbers[i] + 1]++;
        }

        for (var n = 1; n < starts.Length; n++)
        {
            starts[n] += starts[n - 1];
        }

        var next = starts[..^1];
        var indices = new long[total];
        var buffers = new byte[]?[total];
        var offsets = new int[total];
        var lengths = new int[total];
        at = 0;
        foreach (var collector in collectors)
        {
            for (var i = 0; i < collector.Count; i++)
            {
                var position = next[numbers[at++]]++;
                indices[position] = collector.Indices[i];
                (buffers[position], offsets[position], lengths[position]) = collector.Bytes(i);
            }
        }

        return new CaptureEvents(digests, others, otherNames, starts, indices, buffers, offsets, lengths);
    }

    /// <summary>Whether an event's type column names one of the events a catalog row is made from.</summary>
    public static bool MakesRow(ReadOnlySpan<byte> type) =>
        type.SequenceEqual(IngestedType) || type.SequenceEqual(TextExtractedType) || type.SequenceEqual(MetadataAmendedType) || type.SequenceEqual(WithdrawnType);

    /// <summary>The types of the events a catalog row is made from, as UTF-8 (as the log's type column and JSON hold them).</summary>
    public static readonly byte[] IngestedType = Encoding.UTF8.GetBytes(EventType.Ingested);
    public static readonly byte[] TextExtractedType = Encoding.UTF8.GetBytes(EventType.TextExtracted);
    public static readonly byte[] MetadataAmendedType = Encoding.UTF8.GetBytes(EventType.MetadataAmended);
    public static readonly byte[] WithdrawnType = Encoding.UTF8.GetBytes(EventType.Withdrawn);

    /// <summary>The budget one log read shares among its ranges, read on several threads at once.</summary>
    public sealed class Budget(long bytes)
    {
        private long _left = bytes;

        /// <summary>Takes <paramref name="bytes"/> from what is left, if that much is left.</summary>
        public bool TryTake(int bytes)
        {
            while (true)
            {
                var left = Interlocked.Read(ref _left);
                if (left < bytes)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _left, left - bytes, left) == left)
                {
                    return true;
                }
            }
        }
    }

    /// <summary>
    /// One range's events, in index order, with their bytes copied into blocks of 1 MiB while the budget allows; made
    /// room for <paramref name="capacity"/> events up front (the range's length), so that the tables are not copied
    /// as they grow: each copy is memory touched for the first time, which a process pays for page by page.
    /// </summary>
    public sealed class Collector(Budget budget, int capacity = 256)
    {
        private const int BlockSize = 1 << 20;

        private byte[]? _block;
        private int _used;
        private byte[]?[] _buffers = new byte[]?[Math.Max(capacity, 16)];
        private int[] _offsets = new int[Math.Max(capacity, 16)];
        private int[] _lengths = new int[Math.Max(capacity, 16)];

        public DigestName[] Captures { get; private set; } = new DigestName[Math.Max(capacity, 16)];

        public long[] Indices { get; private set; } = new long[Math.Max(capacity, 16)];

        public int Count { get; private set; }

        public void Add(DigestName capture, long index, ReadOnlySpan<byte> json)
        {
            if (Count == Indices.Length)
            {
                var size = 2 * Count;
                Captures = Grown(Captures, size);
                Indices = Grown(Indices, size);
                _buffers = Grown(_buffers, size);
                _offsets = Grown(_offsets, size);
                _lengths = Grown(_lengths, size);
            }

            Captures[Count] = capture;
            Indices[Count] = index;
            _lengths[Count] = json.Length;
            if (budget.TryTake(json.Length))
            {
                if (_block is null || _used + json.Length > _block.Length)
                {
                    _block = new byte[Math.Max(BlockSize, json.Length)];
                    _used = 0;
                }

                json.CopyTo(_block.AsSpan(_used));
                (_buffers[Count], _offsets[Count]) = (_block, _used);
                _used += json.Length;
            }

            Count++;
        }

        public (byte[]? Buffer, int Offset, int Length) Bytes(int i) => (_buffers[i], _offsets[i], _lengths[i]);

        private static T[] Grown<T>(T[] items, int size)
        {
            var grown = new T[size];
            Array.Copy(items, grown, items.Length);
            return grown;
        }
    }
}
