using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Core.Provenance;

/// <summary>
/// Canonical JSON: object keys sorted by ordinal code units, no insignificant whitespace, non-ASCII left
/// unescaped. The same value always gives the same bytes, so the bytes can be hashed into the Merkle log.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static byte[] SerializeToUtf8(JsonNode? node) => SerializeToUtf8(writer => Write(writer, node));

    /// <summary>What <paramref name="write"/> writes with a writer of the canonical settings, as UTF-8; it must write canonical JSON.</summary>
    public static byte[] SerializeToUtf8(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string Serialize(JsonNode? node) => Encoding.UTF8.GetString(SerializeToUtf8(node));

    /// <summary>
    /// True when the UTF-8 <paramref name="json"/> is in canonical form, checked in one forward pass without
    /// rebuilding it: no bytes between tokens but the ':' and ',' the grammar needs, object keys in strictly
    /// increasing ordinal order, integers in their shortest form, and strings escaped exactly as this writer escapes.
    /// </summary>
    public static bool IsCanonicalUtf8(ReadOnlySpan<byte> json)
    {
        var none = default(NoVisitor);
        return Scan(json, ref none) == JsonScan.Canonical;
    }

    /// <summary>
    /// Reads <paramref name="json"/> once, showing each member name and value to <paramref name="visitor"/> (all of
    /// them, even after one that is not canonical), and says whether the whole is valid UTF-8 JSON (RFC 8259, as
    /// <see cref="Utf8JsonReader"/> accepts it with default options: no comments, no trailing commas, at most 64
    /// levels) and whether it is canonical, as <see cref="IsCanonicalUtf8"/> decides. Allocates nothing for ASCII
    /// keys and unescaped strings.
    /// </summary>
    public static JsonScan Scan<TVisitor>(ReadOnlySpan<byte> json, ref TVisitor visitor)
        where TVisitor : struct, IJsonVisitor
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return JsonScan.Invalid;
        }

        var scanner = new CanonicalScanner<TVisitor>(json, ref visitor);
        return !scanner.ReadDocument() ? JsonScan.Invalid : scanner.Canonical ? JsonScan.Canonical : JsonScan.NotCanonical;
    }

    /// <summary>Decodes a JSON string's raw (escaped) bytes, without the quotes. Lone surrogates are kept as they are.</summary>
    public static string Unescape(ReadOnlySpan<byte> raw)
    {
        var chars = new char[raw.Length];
        var written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var backslash = raw[i..].IndexOf((byte)'\\');
            var run = backslash < 0 ? raw[i..] : raw.Slice(i, backslash);
            written += Encoding.UTF8.GetChars(run, chars.AsSpan(written));
            i += run.Length;
            if (backslash < 0)
            {
                break;
            }

            var code = raw[i + 1];
            chars[written++] = code switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'u' => (char)Convert.ToUInt16(Encoding.ASCII.GetString(raw.Slice(i + 2, 4)), 16),
                _ => (char)code,
            };
            i += code == (byte)'u' ? 6 : 2;
        }

        return new string(chars, 0, written);
    }

    /// <summary>Whether this writer, given the decoded <paramref name="value"/>, writes exactly <paramref name="raw"/>.</summary>
    internal static bool SameEscaping(ReadOnlySpan<byte> raw, string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(raw.Length + 8);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            writer.WriteStringValue(value);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (a lone surrogate): this writer never wrote it.
            return false;
        }

        // The writer adds the surrounding quotes; the token's raw bytes exclude them.
        return buffer.WrittenSpan[1..^1].SequenceEqual(raw);
    }

    private struct NoVisitor : IJsonVisitor
    {
        public readonly void Property(ReadOnlySpan<byte> json, int depth, int start, int length, bool escaped)
        {
        }

        public readonly void Value(ReadOnlySpan<byte> json, int depth, JsonTokenType kind, int start, int length, bool escaped)
        {
        }
    }

    /// <summary>True when <paramref name="json"/> is already in canonical form.</summary>
    public static bool IsCanonical(string json)
    {
        try
        {
            return string.Equals(Serialize(JsonNode.Parse(json)), json, StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="node"/> in canonical form: object members sorted by ordinal key, at every depth.</summary>
    public static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

/// <summary>What <see cref="CanonicalJson.Scan"/> found.</summary>
internal enum JsonScan
{
    Canonical,
    NotCanonical,

    /// <summary>Not valid UTF-8 JSON (one value, nothing after it but whitespace).</summary>
    Invalid,
}

/// <summary>
/// Sees a JSON text as <see cref="CanonicalJson.Scan"/> reads it. Depths count as <see cref="Utf8JsonReader.CurrentDepth"/>
/// does: 0 for the root value, 1 for the root object's member names and their values, and so on. Positions are of the
/// raw bytes (a string's without its quotes; none for the start of an object or array).
/// </summary>
internal interface IJsonVisitor
{
    void Property(ReadOnlySpan<byte> json, int depth, int start, int length, bool escaped);

    /// <summary>A string, number, literal, or the start of an object or array.</summary>
    void Value(ReadOnlySpan<byte> json, int depth, JsonTokenType kind, int start, int length, bool escaped);
}
