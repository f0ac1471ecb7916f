using System.Text.Json.Nodes;

namespace Archive.Core.Provenance;

/// <summary>An event about to be appended: what happened, to which capture, by whom, and its details.</summary>
internal sealed record NewEvent(string Type, string? CaptureId, string Agent, string Outcome, JsonObject Data);
