using System.Text;
using AngleSharp.Html.Parser;
using AngleSharp.Text;

namespace Archive.Core.Ingestion;

/// <summary>
/// Chooses how to decode an HTML file, in this order: the sidecar's declared encoding, a byte-order mark,
/// a <c>&lt;meta charset&gt;</c> (or <c>http-equiv</c> Content-Type) in the first 1024 bytes, then strict UTF-8.
/// Decoding is always strict: bytes that are invalid in the chosen encoding are an error, never U+FFFD.
/// </summary>
internal static class HtmlCharset
{
    private const int PrescanBytes = 1024;
    private const string FormatName = "HTML";

    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static ReadOnlySpan<byte> Utf16LeBom => [0xFF, 0xFE];

    public static ReadOnlySpan<byte> Utf16BeBom => [0xFE, 0xFF];

    /// <summary>Decodes <paramref name="bytes"/> and reports the encoding used and where it came from, e.g. <c>windows-1256(meta)</c>.</summary>
    public static string Decode(byte[] bytes, string? declaredEncoding, out string encodingUsed)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (declaredEncoding is not null)
        {
            encodingUsed = $"{declaredEncoding}(sidecar)";
            return StripBom(CanonicalText.Decode(bytes, declaredEncoding, FormatName));
        }

        if (bytes.AsSpan().StartsWith(Utf8Bom))
        {
            encodingUsed = "utf-8(bom)";
            return CanonicalText.Decode(bytes[3..], null, FormatName);
        }

        if (bytes.AsSpan().StartsWith(Utf16LeBom))
        {
            encodingUsed = "utf-16le(bom)";
            return DecodeStrict(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), bytes, 2, "the byte-order mark");
        }

        if (bytes.AsSpan().StartsWith(Utf16BeBom))
        {
            encodingUsed = "utf-16be(bom)";
            return DecodeStrict(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), bytes, 2, "the byte-order mark");
        }

        var meta = PrescanMeta(bytes);
        if (meta is not null && meta.CodePage != Encoding.UTF8.CodePage)
        {
            encodingUsed = $"{meta.WebName}(meta)";
            return DecodeStrict(meta, bytes, 0, "its <meta charset>");
        }

        encodingUsed = meta is null ? "utf-8" : "utf-8(meta)";
        return CanonicalText.Decode(bytes, null, FormatName);
    }

    /// <summary>
    /// Finds the first <c>meta</c> that names a supported encoding, as the HTML prescan does. The leading bytes are
    /// read as Latin-1 so every byte maps to one character: the ASCII markup survives whatever the real encoding is.
    /// </summary>
    private static Encoding? PrescanMeta(byte[] bytes)
    {
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, PrescanBytes));
        using var document = new HtmlParser().ParseDocument(head);
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            Encoding? named = null;
            var label = meta.GetAttribute("charset")?.Trim();
            if (!string.IsNullOrEmpty(label))
            {
                // Browsers ignore labels they do not know; so do we, and strict UTF-8 then decides.
                named = TextEncoding.IsSupported(label) ? TextEncoding.Resolve(label) : null;
            }
            else if (string.Equals(meta.GetAttribute("http-equiv")?.Trim(), "content-type", StringComparison.OrdinalIgnoreCase))
            {
                named = TextEncoding.Parse(meta.GetAttribute("content") ?? string.Empty);
            }

            if (named is not null)
            {
                // A meta tag readable as ASCII cannot truthfully claim UTF-16/32 (HTML spec: treat it as UTF-8).
                return TextEncoding.IsUnicode(named) ? Encoding.UTF8 : named;
            }
        }

        return null;
    }

    private static string DecodeStrict(Encoding encoding, byte[] bytes, int start, string claimedBy)
    {
        Encoding strict;
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            strict = encoding is UnicodeEncoding
                ? encoding
                : Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, 
                $"encoding {encoding.WebName} named by {claimedBy} is not supported; declare another in the sidecar (\"encoding\": \"...\")",
                ex);
        }

        try
        {
            return strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, 
                $"bytes are not valid {strict.WebName} as {claimedBy} declares; declare the real encoding in the sidecar (\"encoding\": \"...\")",
                ex);
        }
    }

    private static string StripBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
}
