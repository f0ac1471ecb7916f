using System.Text;

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
    /// NFC. The system's normalizer (ICU on Linux) refuses the noncharacter U+FFFE, which is valid text; it composes
    /// with nothing, so the pieces between occurrences are normalized apart and joined by it again. Anything else it
    /// refuses (a lone surrogate an extractor let through) is unreadable text, said so, not an unexpected error.
    /// </summary>
    internal static string Nfc(string text)
    {
        if (text.Contains('\uFFFE', StringComparison.Ordinal))
        {
            return string.Join('\uFFFE', text.Split('\uFFFE').Select(Nfc));
        }

        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the text holds a code point the NFC normalizer refuses (a lone surrogate or another invalid one)", ex);
        }
    }

    /// <summary>Strict UTF-8 that throws on invalid bytes instead of inserting U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes the file at <paramref name="path"/> as <see cref="Decode"/> does, with the same result and the same
    /// errors; strict UTF-8 is decoded straight from the file in two passes (count, then fill one string), so the
    /// file's bytes are never held whole beside the text.
    /// </summary>
    public static string DecodeFile(string path, string? declaredEncoding, string formatName)
    {
        ArgumentNullException.ThrowIfNull(path);
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
                    return DecodeUtf8(buffer.AsSpan(0, read), formatName);
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
        try
        {
            return encoding.GetString(bytes);
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
            $"invalid UTF-8{at}; declare the real encoding in the sidecar (\"encoding\": \"windows-1256\") or convert the file",
            ex);
    }

    /// <summary>The encoding a sidecar declares, strict: invalid bytes throw instead of becoming U+FFFD.</summary>
    internal static Encoding DeclaredEncoding(string declaredEncoding)
    {
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(declaredEncoding, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"unknown encoding \"{declaredEncoding}\" declared in the sidecar", ex);
        }
    }

    /// <summary>
    /// Decodes the file at <paramref name="path"/> as <see cref="DecodeFile"/> does, with the same errors, a buffer at
    /// a time into <paramref name="output"/>, which canonicalizes it as it goes: neither the bytes nor the text are
    /// ever held whole.
    /// </summary>
    public static void DecodeFileInto(string path, string? declaredEncoding, string formatName, CanonicalTextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        var encoding = declaredEncoding is null ? StrictUtf8 : DeclaredEncoding(declaredEncoding);
        var decoder = encoding.GetDecoder();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(encoding.GetMaxCharCount(buffer.Length));
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
            long offset = 0;
            int read;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                var bytes = buffer.AsSpan(0, read);
                if (declaredEncoding is null && bytes.IndexOf((byte)0) >= 0)
                {
                    throw new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {formatName} file contains NUL bytes");
                }

                int count;
                try
                {
                    count = decoder.GetChars(bytes, chars, flush: read < buffer.Length);
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
