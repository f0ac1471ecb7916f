using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Archive.Core.Storage;

namespace Archive.Web.Hosting;

/// <summary>
/// The JSON metadata of <see cref="CaptureId"/>: its plain <c>sha256:</c> string, by the converter Core names on the
/// type. That converter is internal to Core, so <see cref="WebJsonContext"/>'s generator cannot name it and makes no
/// metadata for the type; every type of the context that holds a capture id finds it here instead, in the same chain.
/// This is the metadata the generator writes for a type with a converter of its own; were the converter public, the
/// generator would write it itself and this class (and the project's SYSLIB1220/SYSLIB1030 suppression) could go.
/// </summary>
internal sealed class CaptureIdJsonResolver : IJsonTypeInfoResolver
{
    public static readonly CaptureIdJsonResolver Instance = new();

    // The converter type's parameterless constructor is kept for trimming by JsonConverterAttribute.ConverterType.
    private readonly JsonConverter<CaptureId> _converter = (JsonConverter<CaptureId>)Activator.CreateInstance(
        typeof(CaptureId).GetCustomAttribute<JsonConverterAttribute>()!.ConverterType!)!;

    private CaptureIdJsonResolver()
    {
    }

    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        type == typeof(CaptureId) ? JsonMetadataServices.CreateValueInfo<CaptureId>(options, _converter) : null;
}
