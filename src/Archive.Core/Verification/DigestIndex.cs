using System.Numerics;

namespace Archive.Core.Verification;

/// <summary>
/// A set of SHA-256 digests numbered 0, 1, 2… in the order added, for verify's millions of blobs and captures: the
/// digests sit in one array (32 bytes each) and an open-addressed table of their numbers finds them (4 bytes a
/// slot, at most three quarters full). Not generic, so ReadyToRun compiles it ahead of time, where a
/// <c>Dictionary</c> keyed by a struct of this assembly would be compiled at run time, slowly at first.
/// </summary>
internal sealed class DigestIndex
{
    /// <summary>The most digests made room for up front (512 MiB of keys and 128 MiB of slots); a larger set grows as it is added.</summary>
    internal const int MaxPresized = 1 << 24;

    private ulong[] _keys;
    private int[] _slots;

    /// <summary>Makes room for <paramref name="capacity"/> digests, at most <see cref="MaxPresized"/>.</summary>
    public DigestIndex(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        capacity = Math.Clamp(capacity, 16, MaxPresized);
        _keys = new ulong[4 * capacity];
        _slots = new int[SlotsFor(capacity)];
    }

    /// <summary>How many digests were added.</summary>
    public int Count { get; private set; }

    /// <summary>The digest numbered <paramref name="number"/>.</summary>
    public DigestName this[int number]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(number);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(number, Count);
            return DigestName.OfWords(_keys.AsSpan(4 * number, 4));
        }
    }

    /// <summary>The number of <paramref name="digest"/>, or -1 when it was not added.</summary>
    public int Find(DigestName digest)
    {
        Span<ulong> words = stackalloc ulong[4];
        digest.CopyWordsTo(words);
        var mask = _slots.Length - 1;
        for (var slot = Slot(words, mask); ; slot = (slot + 1) & mask)
        {
            var number = _slots[slot] - 1;
            if (number < 0)
            {
                return -1;
            }

            if (Same(number, words))
            {
                return number;
            }
        }
    }

    /// <summary>The number of <paramref name="digest"/>, adding it (numbered <see cref="Count"/>) when it is new.</summary>
    public int Add(DigestName digest, out bool added)
    {
        Span<ulong> words = stackalloc ulong[4];
        digest.CopyWordsTo(words);
        var mask = _slots.Length - 1;
        var slot = Slot(words, mask);
        for (; ; slot = (slot + 1) & mask)
        {
            var number = _slots[slot] - 1;
            if (number < 0)
            {
                break;
            }

            if (Same(number, words))
            {
                added = false;
                return number;
            }
        }

        added = true;
        var next = Count;
        if (4 * (next + 1) > _keys.Length)
        {
            var keys = new ulong[2 * _keys.Length];
            Array.Copy(_keys, keys, 4 * next);
            _keys = keys;
        }

        for (var i = 0; i < 4; i++)
        {
            _keys[(4 * next) + i] = words[i];
        }

        Count = next + 1;
        if (_slots.Length < SlotsFor(Count))
        {
            Rehash(SlotsFor(Count));
        }
        else
        {
            _slots[slot] = next + 1;
        }

        return next;
    }

    /// <summary>A power of two at least a third larger than <paramref name="count"/>.</summary>
    private static int SlotsFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count + (count / 3) + 1));

    private bool Same(int number, ReadOnlySpan<ulong> words)
    {
        var at = 4 * number;
        return _keys[at] == words[0] && _keys[at + 1] == words[1] && _keys[at + 2] == words[2] && _keys[at + 3] == words[3];
    }

    private static int Slot(ReadOnlySpan<ulong> words, int mask)
    {
        // HashCode is keyed per process and not linear: digests a damaged catalog chose cannot be made to collide on purpose.
        return HashCode.Combine(words[0], words[1], words[2], words[3]) & mask;
    }

    private void Rehash(int slots)
    {
        _slots = new int[slots];
        var mask = slots - 1;
        for (var number = 0; number < Count; number++)
        {
            var slot = Slot(_keys.AsSpan(4 * number, 4), mask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = number + 1;
        }
    }
}
