using System.Text.Json.Nodes;

namespace Archive.Core.Metadata;

/// <summary>A metadata value (a JSON string, array of strings or boolean) and where it came from.</summary>
public sealed record FieldValue(JsonNode Value, string Origin)
{
    /// <summary>The value as one display string: lists joined with "; ".</summary>
    public string Display => Value switch
    {
        JsonArray array => string.Join("; ", array.Select(v => v!.GetValue<string>())),
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => Value.GetValue<string>(),
    };
}
