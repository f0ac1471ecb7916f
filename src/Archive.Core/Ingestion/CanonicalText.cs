using System.Text;
using Archive.Core.Text;

namespace Archive.Core.Ingestion;

/// <summary>Canonical text rules: NFC, <c>\n</c> line ends, no byte-order mark.</summary>
internal static class CanonicalText
{
    /// <summary>Applies the canonical rules. Idempotent: <c>Canonicalize(Canonicalize(x)) == Canonicalize(x)</c>.</summary>
    public static string Canonicalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        return Nfc(text);
    }

    /// <summary>
    /// NFC, taking U+FFFE as <see cref="UnicodeForms"/> does. Anything else the normalizer refuses (a lone surrogate
    /// an extractor let through) is unreadable text, said so, not an unexpected error.
    /// </summary>
    internal static string Nfc(string text)
    {
        CheckCombiningRuns(text);
        try
        {
            return UnicodeForms.Normalize(text, NormalizationForm.FormC);
        }
        catch (ArgumentException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the text holds a code point the NFC normalizer refuses (a lone surrogate or another invalid one)", ex);
        }
    }

    /// <summary>The most combining marks in a row that text may hold; far past any writing system's stacks.</summary>
    public const int MaxCombiningRun = 1000;

    /// <summary>Refuses text with a run of more than <see cref="MaxCombiningRun"/> combining marks, which would stall normalization for minutes.</summary>
    internal static void CheckCombiningRuns(ReadOnlySpan<char> text)
    {
        var run = UnicodeForms.LongestCombiningRun(text);
        if (run > MaxCombiningRun)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable,
                $"the text stacks {run:N0} combining marks on one character (at most {MaxCombiningRun:N0}); no writing system does, and normalizing it would take minutes");
        }
    }

    /// <summary>Strict UTF-8 that throws on invalid bytes instead of inserting U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes the file at <paramref name="path"/> as <see cref="Decode"/> does, with the same result and the same
    /// errors; strict UTF-8 is decoded straight from the file in two passes (count, then fill one string), so the
    /// file's bytes are never held whole beside the text.
    /// </summary>
    public static string DecodeFile(string path, string? declaredEncoding, string formatName) => DecodeFile(path, declaredEncoding, formatName, out _);

    /// <summary>
    /// As <see cref="DecodeFile(string, string?, string)"/>; <paramref name="marked"/> is the UTF-16 a byte-order mark
    /// chose when no encoding was declared (<c>utf-16le(bom)</c>, <c>utf-16be(bom)</c>), else null.
    /// </summary>
    public static string DecodeFile(string path, string? declaredEncoding, string formatName, out string? marked)
    {
        ArgumentNullException.ThrowIfNull(path);
        marked = null;
        if (declaredEncoding is not null)
        {
            return Decode(File.ReadAllBytes(path), declaredEncoding, formatName);
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            // A file that fits in the buffer (most do) is read once and decoded at once.
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            {
                var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                if (read < buffer.Length)
                {
                    return DecodeUndeclared(buffer.AsSpan(0, read), formatName, out marked);
                }

                if (Utf16ByMark(buffer) is { } utf16)
                {
                    marked = Utf16Label(utf16);
                    return DecodeUtf16(File.ReadAllBytes(path).AsSpan(2), utf16, formatName);
                }
            }

            var length = Utf8Pass(path, formatName, buffer, []);
            return string.Create(length, (path, formatName, buffer), static (span, state) => Utf8Pass(state.path, state.formatName, state.buffer, span));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>As <see cref="DecodeFile(string, string?, string, out string?)"/> does for the file that holds <paramref name="bytes"/>.</summary>
    public static string DecodeBytes(byte[] bytes, string? declaredEncoding, string formatName, out string? marked)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (declaredEncoding is not null)
        {
            marked = null;
            return Decode(bytes, declaredEncoding, formatName);
        }

        return DecodeUndeclared(bytes, formatName, out marked);
    }

    /// <summary>Bytes no sidecar names an encoding for: UTF-16 when they start with its byte-order mark, else strict UTF-8.</summary>
    private static string DecodeUndeclared(ReadOnlySpan<byte> bytes, string formatName, out string? marked)
    {
        if (Utf16ByMark(bytes) is { } utf16)
        {
            marked = Utf16Label(utf16);
            return DecodeUtf16(bytes[2..], utf16, formatName);
        }

        marked = null;
        return DecodeUtf8(bytes, formatName);
    }

    /// <summary>
    /// The strict UTF-16 that a byte-order mark at the start of <paramref name="head"/> names (FF FE little-endian,
    /// FE FF big-endian, as Windows editors save "Unicode" text); null for any other start. Neither pair can begin
    /// UTF-8 text, so the mark is never a guess.
    /// </summary>
    internal static UnicodeEncoding? Utf16ByMark(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
        : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)
        : null;

    /// <summary>True when the UTF-16 code units in <paramref name="units"/> (either byte order) include U+0000: binary content, as a NUL byte is in UTF-8.</summary>
    internal static bool HasNulUnit(ReadOnlySpan<byte> units)
    {
        for (var i = 0; i + 1 < units.Length; i += 2)
        {
            if (units[i] == 0 && units[i + 1] == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Utf16Label(UnicodeEncoding utf16) => utf16.CodePage == 1201 ? "utf-16be(bom)" : "utf-16le(bom)";

    private static string DecodeUtf16(ReadOnlySpan<byte> bytes, UnicodeEncoding utf16, string formatName)
    {
        string text;
        try
        {
            text = utf16.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw InvalidUtf16(ex, utf16, bytes, 2, highBefore: false);
        }

        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {formatName} file contains NUL characters")
            : text;
    }

    /// <summary>
    /// The error for <paramref name="bytes"/> (read from byte <paramref name="offset"/> of the file) that are not
    /// UTF-16, naming the first bad unit's byte. The decoder's own index is not that byte (it points past a high
    /// surrogate's partner, before an odd last byte), so the units are looked at again.
    /// </summary>
    private static ArchiveException InvalidUtf16(DecoderFallbackException ex, UnicodeEncoding utf16, ReadOnlySpan<byte> bytes, long offset, bool highBefore)
    {
        var bigEndian = utf16.CodePage == 1201;
        var bad = FirstInvalidUtf16Unit(bytes, bigEndian, highBefore);
        var what = bad == bytes.Length - 1 && bytes.Length % 2 == 1 ? "an odd last byte" : "an unpaired surrogate";
        return new ArchiveException(ArchiveErrorKind.Unreadable,
            $"invalid {(bigEndian ? "UTF-16BE" : "UTF-16LE")} at byte {offset + bad} ({what}), although the file starts with its byte-order mark",
            ex);
    }

    /// <summary>
    /// The index in <paramref name="bytes"/> of the first unit that is not UTF-16 (-2: the high surrogate that ended the
    /// bytes before, when <paramref name="highBefore"/>; the length when none is bad, as at a high surrogate that ends them).
    /// </summary>
    internal static int FirstInvalidUtf16Unit(ReadOnlySpan<byte> bytes, bool bigEndian, bool highBefore)
    {
        var pendingHigh = highBefore ? -2 : -1;
        var i = 0;
        for (; i + 1 < bytes.Length; i += 2)
        {
            var unit = (char)(bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
            if (char.IsLowSurrogate(unit))
            {
                if (pendingHigh == -1)
                {
                    return i;
                }

                pendingHigh = -1;
            }
            else if (pendingHigh != -1)
            {
                return pendingHigh;
            }
            else if (char.IsHighSurrogate(unit))
            {
                pendingHigh = i;
            }
        }

        return pendingHigh != -1 ? pendingHigh : i;
    }

    /// <summary>Whether UTF-16 <paramref name="bytes"/> of an even length end with a high surrogate, whose partner the next bytes must start with.</summary>
    private static bool EndsWithHighSurrogate(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bytes.Length >= 2 && char.IsHighSurrogate((char)(bigEndian ? (bytes[^2] << 8) | bytes[^1] : bytes[^2] | (bytes[^1] << 8)));

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string formatName)
    {
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {formatName} file contains NUL bytes");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw InvalidUtf8(ex, 0);
        }
    }

    /// <summary>
    /// One pass of strict UTF-8 over a file, a buffer at a time: counts the UTF-16 units it decodes to (with an empty
    /// <paramref name="output"/>) or writes them into <paramref name="output"/>. NUL bytes and invalid bytes are the
    /// errors <see cref="Decode"/> reports, with the byte offset in the file.
    /// </summary>
    private static int Utf8Pass(string path, string formatName, byte[] buffer, Span<char> output)
    {
        // UTF-8 never decodes to more UTF-16 units than it has bytes.
        var scratch = output.IsEmpty ? System.Buffers.ArrayPool<char>.Shared.Rent(buffer.Length) : [];
        try
        {
            return Utf8Pass(path, formatName, buffer, output, scratch);
        }
        finally
        {
            if (output.IsEmpty)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(scratch);
            }
        }
    }

    private static int Utf8Pass(string path, string formatName, byte[] buffer, Span<char> output, char[] scratch)
    {
        var decoder = StrictUtf8.GetDecoder();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        long offset = 0;
        var chars = 0;
        int read;
        do
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var bytes = buffer.AsSpan(0, read);
            if (bytes.IndexOf((byte)0) >= 0)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {formatName} file contains NUL bytes");
            }

            try
            {
                var flush = read < buffer.Length;
                // Counting decodes into a scratch buffer: Decoder.GetCharCount would not carry a sequence cut at the
                // buffer's end over to the next read.
                chars += output.IsEmpty
                    ? decoder.GetChars(bytes, scratch, flush)
                    : decoder.GetChars(bytes, output[chars..], flush);
            }
            catch (DecoderFallbackException ex)
            {
                throw InvalidUtf8(ex, offset);
            }

            offset += read;
        }
        while (read == buffer.Length);

        return chars;
    }

    /// <summary>
    /// Decodes bytes as strict UTF-8, or with <paramref name="declaredEncoding"/> when one is given.
    /// Never substitutes replacement characters: invalid input is an <see cref="ArchiveException"/>.
    /// </summary>
    public static string Decode(byte[] bytes, string? declaredEncoding, string formatName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (declaredEncoding is null)
        {
            return DecodeUtf8(bytes, formatName);
        }

        var encoding = DeclaredEncoding(declaredEncoding);
        var skip = MarkAgreeing(bytes, encoding, declaredEncoding);
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"bytes are not valid {encoding.WebName} as the sidecar declares", ex);
        }
    }

    /// <summary>The error for invalid UTF-8, at the byte where the decoder found it in a buffer that starts at <paramref name="offset"/>.</summary>
    internal static ArchiveException InvalidUtf8(DecoderFallbackException ex, long offset)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var at = ex.Index >= 0 ? $" at byte {offset + ex.Index}" : string.Empty;
        return new ArchiveException(ArchiveErrorKind.Unreadable,
            $"invalid UTF-8{at}; declare the real encoding in the sidecar (\"encoding\": \"windows-1256\" for Arabic Windows text, \"windows-1252\" for Western European) or convert the file",
            ex);
    }

    /// <summary>
    /// How many bytes of a UTF-16 byte-order mark at the start of <paramref name="head"/> to skip when
    /// <paramref name="declared"/> is that same UTF-16 (2), or 0 when there is no such mark. A mark is never a guess,
    /// so a declaration it contradicts (<c>utf-16</c>, which is little-endian, on a big-endian file; a code page on
    /// UTF-16) is refused instead of decoding the file into other characters.
    /// </summary>
    internal static int MarkAgreeing(ReadOnlySpan<byte> head, Encoding declared, string declaredName)
    {
        // UTF-32's little-endian mark begins as UTF-16's does: a UTF-32 declaration decodes its own mark.
        if (Utf16ByMark(head) is not { } marked || declared.CodePage is 12000 or 12001)
        {
            return 0;
        }

        return declared.CodePage == marked.CodePage
            ? 2
            : throw new ArchiveException(ArchiveErrorKind.Unreadable,
                $"the sidecar declares \"{declaredName}\", but the file starts with the byte-order mark of {(marked.CodePage == 1201 ? "UTF-16BE" : "UTF-16LE")}; declare that, or leave \"encoding\" out and the mark is followed");
    }

    /// <summary>The encoding a sidecar declares, strict: invalid bytes throw instead of becoming U+FFFD.</summary>
    internal static Encoding DeclaredEncoding(string declaredEncoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        ArgumentException? refused = null;
        foreach (var name in SpellingsOf(declaredEncoding))
        {
            try
            {
                return Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException ex)
            {
                refused ??= ex;
            }
            catch (NotSupportedException ex)
            {
                // UTF-7, which the runtime knows but refuses to decode (it can hide markup from filters).
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the encoding \"{declaredEncoding}\" declared in the sidecar is not supported here: {ex.Message}", ex);
            }
        }

        throw new ArchiveException(ArchiveErrorKind.Unreadable,
            $"unknown encoding \"{declaredEncoding}\" declared in the sidecar; use a name such as utf-8, windows-1256, iso-8859-6, windows-1252 or utf-16", refused);
    }

    /// <summary>
    /// The name as written, then as people often write the same thing where the runtime knows one spelling only:
    /// without separators (<c>latin-1</c> → <c>latin1</c>, <c>cp-1256</c> → <c>cp1256</c>), then with a hyphen
    /// between letters and digits (<c>utf8</c> → <c>utf-8</c>, <c>windows1256</c> → <c>windows-1256</c>).
    /// </summary>
    private static IEnumerable<string> SpellingsOf(string name)
    {
        yield return name;
        var bare = string.Concat(name.Where(char.IsAsciiLetterOrDigit));
        if (bare.Length == 0)
        {
            yield break;
        }

        yield return bare;
        var digits = bare.AsSpan().IndexOfAnyInRange('0', '9');
        if (digits > 0 && bare[..digits].All(char.IsAsciiLetter))
        {
            yield return $"{bare[..digits]}-{bare[digits..]}";
        }
    }

    /// <summary>
    /// Decodes the file at <paramref name="path"/> as <see cref="DecodeFile"/> does, with the same errors, a buffer at
    /// a time into <paramref name="output"/>, which canonicalizes it as it goes: neither the bytes nor the text are
    /// ever held whole.
    /// </summary>
    public static void DecodeFileInto(string path, string? declaredEncoding, string formatName, CanonicalTextWriter output, CancellationToken cancellationToken) =>
        DecodeFileInto(path, declaredEncoding, formatName, output, out _, cancellationToken);

    /// <summary>As <see cref="DecodeFileInto(string, string?, string, CanonicalTextWriter, CancellationToken)"/>, with <paramref name="marked"/> as <see cref="DecodeFile(string, string?, string, out string?)"/> gives it.</summary>
    public static void DecodeFileInto(string path, string? declaredEncoding, string formatName, CanonicalTextWriter output, out string? marked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        Span<byte> mark = stackalloc byte[2];
        mark = mark[..stream.ReadAtLeast(mark, 2, throwOnEndOfStream: false)];
        var utf16 = declaredEncoding is null ? Utf16ByMark(mark) : null;
        var encoding = declaredEncoding is null ? (Encoding?)utf16 ?? StrictUtf8 : DeclaredEncoding(declaredEncoding);
        stream.Position = utf16 is not null ? 2 : declaredEncoding is null ? 0 : MarkAgreeing(mark, encoding, declaredEncoding);
        marked = utf16 is null ? null : Utf16Label(utf16);
        var decoder = encoding.GetDecoder();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(encoding.GetMaxCharCount(buffer.Length));
        try
        {
            long offset = stream.Position;
            var highBefore = false;
            int read;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                var bytes = buffer.AsSpan(0, read);
                if (declaredEncoding is null && (utf16 is null ? bytes.IndexOf((byte)0) >= 0 : HasNulUnit(bytes)))
                {
                    throw new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {formatName} file contains NUL {(utf16 is null ? "bytes" : "characters")}");
                }

                int count;
                try
                {
                    count = decoder.GetChars(bytes, chars, flush: read < buffer.Length);
                }
                catch (DecoderFallbackException ex) when (utf16 is not null)
                {
                    throw InvalidUtf16(ex, utf16, bytes, offset, highBefore);
                }
                catch (DecoderFallbackException ex) when (declaredEncoding is null)
                {
                    throw InvalidUtf8(ex, offset);
                }
                catch (DecoderFallbackException ex)
                {
                    throw new ArchiveException(ArchiveErrorKind.Unreadable, $"bytes are not valid {encoding.WebName} as the sidecar declares", ex);
                }

                output.Write(chars.AsSpan(0, count));
                highBefore = utf16 is not null && EndsWithHighSurrogate(bytes, utf16.CodePage == 1201);
                offset += read;
            }
            while (read == buffer.Length);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
