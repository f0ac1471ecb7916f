using System.Text;
using System.Text.Json;

namespace Archive.Core.Metadata;

/// <summary>
/// Finds and reads the JSON sidecar beside an original: <c>report.pdf.meta.json</c>, or else <c>report.meta.json</c>.
/// Every error names the sidecar file, line and column.
/// </summary>
internal static class SidecarReader
{
    public const string Suffix = ".meta.json";
    private const long MaxBytes = 1 << 20;

    public static bool IsSidecar(string path) => path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public static string? Locate(string originalPath)
    {
        ArgumentNullException.ThrowIfNull(originalPath);
        var full = originalPath + Suffix;
        if (File.Exists(full))
        {
            return full;
        }

        var directory = Path.GetDirectoryName(originalPath) ?? ".";
        var stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(originalPath) + Suffix);
        return File.Exists(stem) ? stem : null;
    }

    /// <summary>Reads and checks a sidecar. Throws <see cref="ArchiveException"/> naming file:line:column.</summary>
    public static Sidecar Read(string sidecarPath)
    {
        ArgumentNullException.ThrowIfNull(sidecarPath);
        var info = new FileInfo(sidecarPath);
        if (info.Length > MaxBytes)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{sidecarPath}: sidecar is larger than 1 MiB");
        }

        var bytes = File.ReadAllBytes(sidecarPath);
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
        {
            // Editors such as Notepad save UTF-8 with a byte-order mark; JSON allows a parser to ignore it (RFC 8259 8.1).
            bytes = bytes[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            // System.Text.Json counts bytes; people and editors count characters, as the field positions below do.
            var (line, column) = LineColumn(bytes, ByteIndex(bytes, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0));
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{sidecarPath}:{line}:{column}: malformed JSON: {FirstSentence(ex.Message)}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{sidecarPath}:1:1: a sidecar must be a JSON object of metadata fields");
            }

            var positions = PropertyPositions(bytes);
            var origin = FieldOrigin.Sidecar(Path.GetFileName(sidecarPath));
            var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            string? encoding = null;
            var ordinal = 0;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var (line, column) = ordinal < positions.Count ? positions[ordinal] : (1, 1);
                ordinal++;
                var where = $"{sidecarPath}:{line}:{column}";
                try
                {
                    if (property.Name == "encoding")
                    {
                        encoding = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()
                            : throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{where}: encoding: expected a string such as \"windows-1256\"");
                        continue;
                    }

                    var field = MetadataField.Find(property.Name)
                        ?? throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{where}: unknown field \"{property.Name}\"; known fields: {MetadataField.KnownNames}");
                    // null and a blank string state nothing (exporters write "" for what they do not know), so the
                    // document's own value, or none, stands instead of an empty one.
                    if (property.Value.ValueKind == JsonValueKind.Null || (property.Value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(property.Value.GetString())))
                    {
                        continue;
                    }

                    if (fields.ContainsKey(field.Name))
                    {
                        throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{where}: field \"{field.Name}\" appears twice");
                    }

                    try
                    {
                        fields[field.Name] = new FieldValue(FieldParser.ParseJson(field, property.Value), origin);
                    }
                    catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
                    {
                        throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{where}: {ex.Message}", ex);
                    }
                }
                catch (InvalidOperationException ex)
                {
                    // System.Text.Json parses "\ud800" but no string can hold a lone surrogate.
                    throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{where}: a name or value holds a \\u escape of a lone surrogate (\\ud800 to \\udfff without its pair), which is not text", ex);
                }
            }

            return new Sidecar(sidecarPath, fields, encoding);
        }
    }

    private static string FirstSentence(string message)
    {
        // Drop System.Text.Json's own zero-based " LineNumber: … | BytePositionInLine: …" and " Path: …" tails.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Line and column (1-based, in characters) of each top-level property name, in document order.</summary>
    private static List<(int Line, int Column)> PropertyPositions(byte[] bytes)
    {
        var positions = new List<(int, int)>();
        var reader = new Utf8JsonReader(bytes);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                positions.Add(LineColumn(bytes, (int)reader.TokenStartIndex));
            }
        }

        return positions;
    }

    /// <summary>The absolute byte index of a zero-based line and byte position in that line.</summary>
    private static int ByteIndex(byte[] bytes, long line, long bytePositionInLine)
    {
        var index = 0;
        for (long seen = 0; seen < line && index < bytes.Length; index++)
        {
            if (bytes[index] == (byte)'\n')
            {
                seen++;
            }
        }

        return (int)Math.Min(bytes.Length, index + bytePositionInLine);
    }

    private static (int Line, int Column) LineColumn(byte[] bytes, int index)
    {
        var lineStart = 0;
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(bytes, lineStart, index - lineStart) + 1);
    }
}
