using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Core.Provenance;

/// <summary>
/// What a signed <c>timestamped</c> event records about the token stored with it: the checkpoint, the TSA's URL and
/// certificate subject, the stamped time, the token's serial and its SHA-256 (lower-case hex). A member the event
/// lacks is null, and then matches nothing.
/// </summary>
internal sealed record TimestampedEvent(long Index, long? CheckpointSize, string? CheckpointRoot, string? Tsa, string? TsaSubject, string? GenTime, string? Serial, string? TokenSha256)
{
    /// <summary>Reads the event at <paramref name="index"/> from its JSON.</summary>
    public static TimestampedEvent Parse(long index, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject? data;
        try
        {
            data = JsonNode.Parse(json)?["data"] as JsonObject;
        }
        catch (JsonException)
        {
            data = null;
        }

        string? Text(string name) => data?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        long? size = data?["checkpoint_size"] is JsonValue number && number.TryGetValue<long>(out var n) ? n : null;
        return new TimestampedEvent(index, size, Text("checkpoint_root"), Text("tsa"), Text("tsa_subject"), Text("gen_time"), Text("serial"), Text("token_sha256"));
    }
}
