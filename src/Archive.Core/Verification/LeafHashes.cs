using System.Collections;
using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// The log's leaf hashes in index order, as the ranges verify read them: 32 bytes each in a few large buffers
/// (two million events take 64 MB, not two million arrays). Each element read is a fresh copy.
/// </summary>
internal sealed class LeafHashes : IReadOnlyList<byte[]>
{
    private readonly byte[][] _buffers;
    private readonly int[] _starts;

    /// <summary>Leaves from <paramref name="buffers"/>, in order, each holding as many hashes at its start as <paramref name="counts"/> says.</summary>
    public LeafHashes(byte[][] buffers, int[] counts)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentNullException.ThrowIfNull(counts);
        if (buffers.Length != counts.Length)
        {
            throw new ArgumentException("one count per buffer", nameof(counts));
        }

        _buffers = buffers;
        _starts = new int[buffers.Length];
        var total = 0L;
        for (var i = 0; i < buffers.Length; i++)
        {
            if ((long)counts[i] * MerkleHash.Size > buffers[i].Length)
            {
                throw new ArgumentException($"buffer {i} holds fewer than {counts[i]} hashes", nameof(counts));
            }

            _starts[i] = (int)total;
            total += counts[i];
        }

        Count = total <= int.MaxValue ? (int)total : throw new ArgumentException("more leaves than a list can count", nameof(counts));
    }

    public int Count { get; }

    public byte[] this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            // The last part starting at or before the index (parts with no leaves share a start with the next).
            var part = Array.BinarySearch(_starts, index);
            part = part >= 0 ? LastWithStart(part) : ~part - 1;
            return _buffers[part].AsSpan((index - _starts[part]) * MerkleHash.Size, MerkleHash.Size).ToArray();
        }
    }

    public IEnumerator<byte[]> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int LastWithStart(int part)
    {
        while (part + 1 < _starts.Length && _starts[part + 1] == _starts[part])
        {
            part++;
        }

        return part;
    }
}
