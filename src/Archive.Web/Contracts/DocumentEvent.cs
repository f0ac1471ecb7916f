using System.Text.Json.Nodes;

namespace Archive.Web.Contracts;

/// <summary>A provenance event of a capture, with its log index and canonical JSON.</summary>
internal sealed record DocumentEvent(long Index, string Type, string Time, JsonNode Event);
