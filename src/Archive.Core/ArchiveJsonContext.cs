using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Archive.Core;

/// <summary>The types Core writes under <see cref="ArchiveJson.Options"/>: its own JSON trees.</summary>
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
