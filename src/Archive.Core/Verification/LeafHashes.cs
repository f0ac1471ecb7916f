using System.Collections;
using Archive.Core.Provenance;

namespace Archive.Core.Verification;

/// <summary>
/// The log's leaf hashes in index order, as the ranges verify read them: 32 bytes each in a few large buffers
/// (two million events take 64 MB, not two million arrays). Each element read is a fresh copy.
/// </summary>
internal sealed class LeafHashes : IReadOnlyList<byte[]>
{
    private readonly List<(byte[] Buffer, int Count)> _parts;
    private readonly int[] _starts;

    /// <summary>Leaves from buffers each holding <c>Count</c> hashes at their start, in order.</summary>
    public LeafHashes(List<(byte[] Buffer, int Count)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts;
        _starts = new int[parts.Count];
        var total = 0L;
        for (var i = 0; i < parts.Count; i++)
        {
            if ((long)parts[i].Count * MerkleHash.Size > parts[i].Buffer.Length)
            {
                throw new ArgumentException($"part {i} holds fewer than {parts[i].Count} hashes", nameof(parts));
            }

            _starts[i] = (int)total;
            total += parts[i].Count;
        }

        Count = total <= int.MaxValue ? (int)total : throw new ArgumentException("more leaves than a list can count", nameof(parts));
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
            var (buffer, _) = _parts[part];
            return buffer.AsSpan((index - _starts[part]) * MerkleHash.Size, MerkleHash.Size).ToArray();
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
