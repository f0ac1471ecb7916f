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

    public static byte[] SerializeToUtf8(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }

        return buffer.ToArray();
    }

    public static string Serialize(JsonNode? node) => Encoding.UTF8.GetString(SerializeToUtf8(node));

    /// <summary>
    /// True when the UTF-8 <paramref name="json"/> is in canonical form, checked in one forward pass without
    /// rebuilding it: no bytes between tokens but the ':' and ',' the grammar needs, object keys in strictly
    /// increasing ordinal order, integers in their shortest form, and strings escaped exactly as this writer escapes.
    /// </summary>
    public static bool IsCanonicalUtf8(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var lastKeys = new Stack<string?>();
        long end = 0;
        try
        {
            while (reader.Read())
            {
                var start = reader.TokenStartIndex;
                for (var i = end; i < start; i++)
                {
                    if (json[(int)i] is not ((byte)',' or (byte)':'))
                    {
                        return false;
                    }
                }

                var raw = reader.ValueSpan;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        lastKeys.Push(null);
                        end = start + 1;
                        break;
                    case JsonTokenType.EndObject:
                        lastKeys.Pop();
                        end = start + 1;
                        break;
                    case JsonTokenType.StartArray or JsonTokenType.EndArray:
                        end = start + 1;
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var previous = lastKeys.Pop();
                        if ((previous is not null && string.CompareOrdinal(previous, name) >= 0) || (reader.ValueIsEscaped && !SameEscaping(raw, name)))
                        {
                            return false;
                        }

                        lastKeys.Push(name);
                        end = start + raw.Length + 2;
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped && !SameEscaping(raw, reader.GetString()!))
                        {
                            return false;
                        }

                        end = start + raw.Length + 2;
                        break;
                    case JsonTokenType.Number:
                        if (reader.TryGetInt64(out var integer) && !raw.SequenceEqual(Encoding.UTF8.GetBytes(integer.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                        {
                            return false;
                        }

                        end = start + raw.Length;
                        break;
                    default:
                        end = start + raw.Length;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return end == json.Length;
    }

    private static bool SameEscaping(ReadOnlySpan<byte> raw, string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(raw.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStringValue(value);
        }

        // The writer adds the surrounding quotes; the token's raw bytes exclude them.
        return buffer.WrittenSpan[1..^1].SequenceEqual(raw);
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

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
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
