using System.Text.Json.Nodes;

namespace Archive.Core.Catalog;

/// <summary>A metadata value, its display form, and where it came from (sidecar, cli, upload, document, derived, detected, amend).</summary>
public sealed record DocumentField(JsonNode Value, string Display, string Origin);
