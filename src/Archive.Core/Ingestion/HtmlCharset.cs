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
    /// A reader that decodes the HTML file at <paramref name="path"/> a buffer at a time, choosing the encoding as
    /// <see cref="Decode"/> does (from the file's first bytes) and failing as it does, without reading the file whole.
    /// </summary>
    public static StrictFileReader OpenReader(string path, string? declaredEncoding, out string encodingUsed)
    {
        ArgumentNullException.ThrowIfNull(path);
        var head = new byte[PrescanBytes];
        using (var file = File.OpenRead(path))
        {
            head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        if (declaredEncoding is not null)
        {
            encodingUsed = $"{declaredEncoding}(sidecar)";
            var declared = CanonicalText.DeclaredEncoding(declaredEncoding);
            return new StrictFileReader(path, 0, declared, rejectNul: false, (ex, _) =>
                new ArchiveException(ArchiveErrorKind.Unreadable, $"bytes are not valid {declared.WebName} as the sidecar declares", ex))
            {
                SkipByteOrderMark = true,
            };
        }

        if (head.AsSpan().StartsWith(Utf8Bom))
        {
            encodingUsed = "utf-8(bom)";
            return Utf8Reader(path, 3);
        }

        if (head.AsSpan().StartsWith(Utf16LeBom) || head.AsSpan().StartsWith(Utf16BeBom))
        {
            var bigEndian = head[0] == 0xFE;
            encodingUsed = bigEndian ? "utf-16be(bom)" : "utf-16le(bom)";
            return StrictReader(path, 2, new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true), "the byte-order mark");
        }

        var meta = PrescanMeta(head);
        if (meta is not null && meta.CodePage != Encoding.UTF8.CodePage)
        {
            encodingUsed = $"{meta.WebName}(meta)";
            return StrictReader(path, 0, meta, "its <meta charset>");
        }

        encodingUsed = meta is null ? "utf-8" : "utf-8(meta)";
        return Utf8Reader(path, 0);
    }

    private static StrictFileReader Utf8Reader(string path, long skip) =>
        new(path, skip, CanonicalText.StrictUtf8, rejectNul: true, (ex, offset) => ex is null
            ? new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {FormatName} file contains NUL bytes")
            : CanonicalText.InvalidUtf8(ex, offset));

    private static StrictFileReader StrictReader(string path, long skip, Encoding encoding, string claimedBy)
    {
        var strict = Strict(encoding, claimedBy);
        return new StrictFileReader(path, skip, strict, rejectNul: false, (ex, _) => Invalid(strict, claimedBy, ex));
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
        var strict = Strict(encoding, claimedBy);
        try
        {
            return strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            throw Invalid(strict, claimedBy, ex);
        }
    }

    private static ArchiveException Invalid(Encoding strict, string claimedBy, DecoderFallbackException? ex) =>
        new(ArchiveErrorKind.Unreadable,
            $"bytes are not valid {strict.WebName} as {claimedBy} declares; declare the real encoding in the sidecar (\"encoding\": \"...\")",
            ex);

    private static Encoding Strict(Encoding encoding, string claimedBy)
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

        return strict;
    }

    private static string StripBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
}
