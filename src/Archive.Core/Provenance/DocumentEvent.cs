using System.Text.Json.Nodes;

namespace Archive.Core.Provenance;

/// <summary>A provenance event of a capture, with its log index and canonical JSON.</summary>
public sealed record DocumentEvent(long Index, string Type, string Time, JsonNode Event)
{
    public static DocumentEvent From(LoggedEvent logged)
    {
        ArgumentNullException.ThrowIfNull(logged);
        return new DocumentEvent(logged.Index, logged.Type, logged.Time, JsonNode.Parse(logged.Json)!);
    }
}
