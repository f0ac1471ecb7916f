using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Archive.Core.Storage;

/// <summary>A SHA-256 digest, written as 64 lowercase hex characters; a capture id is <c>sha256:</c> followed by it.</summary>
public readonly record struct Sha256Digest
{
    public const string Prefix = "sha256:";

    private Sha256Digest(string hex) => Hex = hex;

    /// <summary>64 lowercase hex characters.</summary>
    public string Hex { get; }

    /// <summary>The first 12 hex characters, the short form shown to people.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "the short form of a digest, not the integer type")]
    public string Short => Hex[..12];

    /// <summary>The capture-id form, <c>sha256:&lt;hex&gt;</c>.</summary>
    public string Id => Prefix + Hex;

    public static Sha256Digest FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 32)
        {
            throw new ArgumentException("a SHA-256 digest has 32 bytes", nameof(hash));
        }

        return new Sha256Digest(Convert.ToHexStringLower(hash));
    }

    /// <summary>Accepts <c>sha256:&lt;64 hex&gt;</c> or bare 64 hex, in either case.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out Sha256Digest? digest)
    {
        digest = null;
        if (value is null)
        {
            return false;
        }

        var hex = value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value[Prefix.Length..] : value;
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        digest = new Sha256Digest(hex.ToLower(CultureInfo.InvariantCulture));
        return true;
    }

    public static Sha256Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest.Value : throw new FormatException($"not a SHA-256 digest: {value}");

    public override string ToString() => Id;
}
