using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Archive.Core.Storage;

/// <summary>
/// A capture's id: <c>sha256:</c> and the 64 lowercase hex digits of its original's SHA-256; written in JSON as that
/// plain string, so a capture id cannot be mixed up with a slug, a prefix, a text digest or a pack id.
/// </summary>
[JsonConverter(typeof(CaptureIdJsonConverter))]
public readonly record struct CaptureId : IComparable<CaptureId>
{
    private CaptureId(Sha256Digest digest) => Digest = digest;

    /// <summary>The SHA-256 of the capture's original bytes.</summary>
    public Sha256Digest Digest { get; }

    /// <summary>The id as written everywhere, <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    public string Value => Digest.Id;

    /// <summary>The first 12 hex digits, the short form shown to people.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "the short form of an id, not the integer type")]
    public string Short => Digest.Short;

    public static CaptureId FromDigest(Sha256Digest digest) => new(digest);

    /// <summary>Accepts <c>sha256:&lt;64 hex&gt;</c> or bare 64 hex, in either case; never a slug or a prefix.</summary>
    public static bool TryParse(string? value, out CaptureId id)
    {
        id = Sha256Digest.TryParse(value, out var digest) ? new CaptureId(digest.Value) : default;
        return digest is not null;
    }

    public static CaptureId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"not a capture id: {value}");

    public int CompareTo(CaptureId other) => string.CompareOrdinal(Digest.Hex, other.Digest.Hex);

    public static bool operator <(CaptureId left, CaptureId right) => left.CompareTo(right) < 0;

    public static bool operator <=(CaptureId left, CaptureId right) => left.CompareTo(right) <= 0;

    public static bool operator >(CaptureId left, CaptureId right) => left.CompareTo(right) > 0;

    public static bool operator >=(CaptureId left, CaptureId right) => left.CompareTo(right) >= 0;

    public override string ToString() => Value;
}
