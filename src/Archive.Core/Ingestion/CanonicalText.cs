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

        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Strict UTF-8 that throws on invalid bytes instead of inserting U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes bytes as strict UTF-8, or with <paramref name="declaredEncoding"/> when one is given.
    /// Never substitutes replacement characters: invalid input is an <see cref="ArchiveException"/>.
    /// </summary>
    public static string Decode(byte[] bytes, string? declaredEncoding, string formatName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (declaredEncoding is null)
        {
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"binary content: the {formatName} file contains NUL bytes");
            }

            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                var at = ex.Index >= 0 ? $" at byte {ex.Index}" : string.Empty;
                throw new ArchiveException(ArchiveErrorKind.Unreadable, 
                    $"invalid UTF-8{at}; declare the real encoding in the sidecar (\"encoding\": \"windows-1256\") or convert the file",
                    ex);
            }
        }

        Encoding encoding;
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            encoding = Encoding.GetEncoding(
                declaredEncoding,
                EncoderFallback.ExceptionFallback,
                DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"unknown encoding \"{declaredEncoding}\" declared in the sidecar", ex);
        }

        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"bytes are not valid {encoding.WebName} as the sidecar declares", ex);
        }
    }
}
