using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Text;
using Archive.Core.Storage;

namespace Archive.Core.Verification;

/// <summary>
/// A capture id or blob digest as verify holds it, millions at a time: the 32 bytes of a canonical
/// <c>sha256:</c> id (71 characters as a string), or, for anything else a damaged catalog or log may hold, the
/// string itself. Two names are equal exactly when their strings are, and <see cref="ToString"/> gives that string.
/// </summary>
internal readonly struct DigestName : IEquatable<DigestName>
{
    private const int HexLength = 64;
    private static readonly int IdLength = Sha256Digest.Prefix.Length + HexLength;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private DigestName(ReadOnlySpan<byte> digest)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(digest);
        _b = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(digest[24..]);
    }

    private DigestName(ulong a, ulong b, ulong c, ulong d) => (_a, _b, _c, _d) = (a, b, c, d);

    private DigestName(string raw) => Raw = raw;

    /// <summary>The string when it is not a canonical <c>sha256:</c> id (null when it is).</summary>
    public string? Raw { get; }

    /// <summary>Whether this is a canonical id (held as its digest).</summary>
    public bool IsDigest => Raw is null;

    /// <summary>The name of <paramref name="value"/>: its digest when it is a canonical id, else the string.</summary>
    public static DigestName Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParseId(value, out var name) ? name : new DigestName(value);
    }

    /// <summary>The name of UTF-8 <paramref name="value"/>; a string is made only when it is not a canonical id.</summary>
    public static DigestName OfUtf8(ReadOnlySpan<byte> value) =>
        TryParseId(value, out var name) ? name : new DigestName(System.Text.Encoding.UTF8.GetString(value));

    /// <summary>The name of a digest's 32 bytes.</summary>
    public static DigestName OfDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("a SHA-256 digest has 32 bytes", nameof(digest));
        }

        return new DigestName(digest);
    }

    /// <summary>The name of a digest given as the four big-endian words <see cref="CopyWordsTo"/> writes.</summary>
    public static DigestName OfWords(ReadOnlySpan<ulong> words) => new(words[0], words[1], words[2], words[3]);

    /// <summary>Parses <c>sha256:</c> and 64 lower-case hex digits, the only spelling the archive writes.</summary>
    public static bool TryParseId(ReadOnlySpan<char> id, out DigestName name)
    {
        name = default;
        Span<byte> ascii = stackalloc byte[IdLength];
        return id.Length == IdLength && Ascii.FromUtf16(id, ascii, out _) == OperationStatus.Done && TryParseId(ascii, out name);
    }

    /// <summary>As <see cref="TryParseId(ReadOnlySpan{char}, out DigestName)"/>, from UTF-8.</summary>
    public static bool TryParseId(ReadOnlySpan<byte> id, out DigestName name)
    {
        name = default;
        return id.Length == IdLength && id.StartsWith("sha256:"u8) && TryParseHex(id[Sha256Digest.Prefix.Length..], out name);
    }

    /// <summary>Parses 64 lower-case hex digits alone (a blob's file name in the store).</summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out DigestName name)
    {
        name = default;
        Span<byte> ascii = stackalloc byte[HexLength];
        return hex.Length == HexLength && Ascii.FromUtf16(hex, ascii, out _) == OperationStatus.Done && TryParseHex(ascii, out name);
    }

    /// <summary>Writes the digest's 32 bytes; only for a name that <see cref="IsDigest"/>.</summary>
    public void CopyDigestTo(Span<byte> destination)
    {
        RequireDigest();
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Writes the digest as four big-endian words; only for a name that <see cref="IsDigest"/>.</summary>
    public void CopyWordsTo(Span<ulong> words)
    {
        RequireDigest();
        words[0] = _a;
        words[1] = _b;
        words[2] = _c;
        words[3] = _d;
    }

    /// <summary>Whether the digest is <paramref name="digest"/>; false for a name that is not a digest.</summary>
    public bool IsDigestOf(ReadOnlySpan<byte> digest) =>
        Raw is null && digest.Length == 32 &&
        BinaryPrimitives.ReadUInt64BigEndian(digest) == _a && BinaryPrimitives.ReadUInt64BigEndian(digest[8..]) == _b &&
        BinaryPrimitives.ReadUInt64BigEndian(digest[16..]) == _c && BinaryPrimitives.ReadUInt64BigEndian(digest[24..]) == _d;

    /// <summary>The digest's first byte (the store's folder of its blob); only for a name that <see cref="IsDigest"/>.</summary>
    public int FirstByte => (int)(_a >> 56);

    /// <summary>Writes the 64 lower-case hex digits; only for a name that <see cref="IsDigest"/>.</summary>
    public void WriteHex(Span<char> destination)
    {
        Span<byte> digest = stackalloc byte[32];
        CopyDigestTo(digest);
        Convert.TryToHexStringLower(digest, destination, out _);
    }

    /// <summary>The 64 lower-case hex digits; only for a name that <see cref="IsDigest"/>.</summary>
    public string Hex()
    {
        Span<char> hex = stackalloc char[HexLength];
        WriteHex(hex);
        return new string(hex);
    }

    public override string ToString() => Raw ?? Sha256Digest.Prefix + Hex();

    public bool Equals(DigestName other) =>
        Raw is null ? other.Raw is null && _a == other._a && _b == other._b && _c == other._c && _d == other._d : string.Equals(Raw, other.Raw, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is DigestName other && Equals(other);

    public override int GetHashCode() => Raw is null ? HashCode.Combine(_a, _b, _c, _d) : StringComparer.Ordinal.GetHashCode(Raw);

    public static bool operator ==(DigestName left, DigestName right) => left.Equals(right);

    public static bool operator !=(DigestName left, DigestName right) => !left.Equals(right);

    private void RequireDigest()
    {
        if (Raw is not null)
        {
            throw new InvalidOperationException($"{Raw} is not a canonical SHA-256 id");
        }
    }

    /// <summary>As <see cref="TryParseHex(ReadOnlySpan{char}, out DigestName)"/>, from ASCII or UTF-8.</summary>
    private static bool TryParseHex(ReadOnlySpan<byte> hex, out DigestName name)
    {
        name = default;
        if (hex.Length != HexLength)
        {
            return false;
        }

        var bad = 0;
        var a = Word(hex, ref bad);
        var b = Word(hex[16..], ref bad);
        var c = Word(hex[32..], ref bad);
        var d = Word(hex[48..], ref bad);
        if (bad != 0)
        {
            return false;
        }

        name = new DigestName(a, b, c, d);
        return true;
    }

    /// <summary>
    /// The first 16 hex digits as a big-endian word; <paramref name="bad"/> is set non-zero by any other byte (one
    /// above 0x7F included: a byte of a wider UTF-8 character never passes for a digit). All 16 at once in one vector:
    /// a verify of 21,000 captures parses about 130,000 ids, and a byte-at-a-time parse of them took 2 % of its CPU.
    /// </summary>
    private static ulong Word(ReadOnlySpan<byte> hex, ref int bad)
    {
        var bytes = Vector128.Create(hex[..16]);
        // Unsigned: a byte below '0' or 'a' wraps round to a large value and fails both tests.
        var digit = bytes - Vector128.Create((byte)'0');
        var letter = bytes - Vector128.Create((byte)'a');
        var isDigit = Vector128.LessThan(digit, Vector128.Create((byte)10));
        var isLetter = Vector128.LessThan(letter, Vector128.Create((byte)6));
        bad |= (~(isDigit | isLetter)).ExtractMostSignificantBits() == 0 ? 0 : 1;
        var nibbles = (digit & isDigit) | ((letter + Vector128.Create((byte)10)) & isLetter);
        // Each pair of digits (the high nibble first) into one byte, then the eight bytes read big-endian.
        var pairs = nibbles.AsUInt16();
        var packed = Vector128.Narrow(((pairs << 4) | (pairs >> 8)) & Vector128.Create((ushort)0xFF), Vector128<ushort>.Zero);
        return BinaryPrimitives.ReverseEndianness(packed.AsUInt64().ToScalar());
    }
}
