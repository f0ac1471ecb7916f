using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Core.Storage;

/// <summary>Writes a <see cref="CaptureId"/> as its plain string and reads it back, rejecting anything else.</summary>
// Public because CaptureId names it in [JsonConverter]: a host's source-generated JSON context creates it from the host's own code.
public sealed class CaptureIdJsonConverter : JsonConverter<CaptureId>
{
    public override CaptureId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && CaptureId.TryParse(reader.GetString(), out var id)
            ? id
            : throw new JsonException("a capture id is a string, sha256: and 64 hex digits");

    public override void Write(Utf8JsonWriter writer, CaptureId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }

    public override CaptureId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CaptureId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("a capture id is sha256: and 64 hex digits");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, CaptureId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Value);
    }
}
