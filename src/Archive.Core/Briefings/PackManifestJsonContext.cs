using System.Text.Json.Serialization;

namespace Archive.Core.Briefings;

/// <summary>The manifest's types, for the serializer without reflection.</summary>
[JsonSerializable(typeof(PackManifest))]
internal sealed partial class PackManifestJsonContext : JsonSerializerContext;
