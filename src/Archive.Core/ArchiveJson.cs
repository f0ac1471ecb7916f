using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Archive.Core.Citations;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Pages;
using Archive.Core.Search;
using Archive.Core.Search.Semantic;
using Archive.Core.Versions;

namespace Archive.Core;

/// <summary>
/// The one JSON shape of every report, for <c>--json</c> and the HTTP API alike: snake_case names, kebab-case enums,
/// dictionary keys as they are, nulls left out, and text (Arabic included) written as UTF-8 rather than escaped.
/// </summary>
/// <remarks>
/// The shape is separate from the types it can write. Each host names the types it writes in its own source-generated
/// context and passes it to <see cref="Create"/>: the serializer then needs no reflection and no code made at run time,
/// so the same code runs compiled ahead of time, and a type a host forgot fails its tests instead of being written by
/// reflection.
/// </remarks>
public static class ArchiveJson
{
    /// <summary>The options for the JSON trees Archive builds itself (<see cref="JsonNode"/>), indented.</summary>
    public static JsonSerializerOptions Options { get; } = Create(ArchiveJsonContext.Default);

    /// <summary>The shape, indented for people reading a terminal, over the types <paramref name="resolver"/> knows; read-only.</summary>
    public static JsonSerializerOptions Create(IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var options = new JsonSerializerOptions { WriteIndented = true };
        Configure(options);
        options.TypeInfoResolver = resolver;
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Applies the shape to a host's own options object (the web host's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        foreach (var converter in EnumConverters())
        {
            options.Converters.Add(converter);
        }
    }

    /// <summary>
    /// A converter per public enum of Core, each written by its kebab-case name. One converter for all enums would make
    /// each enum's converter by reflection at run time; a test fails when an enum is added to Core and not here.
    /// </summary>
    private static IEnumerable<JsonConverter> EnumConverters()
    {
        var kebab = JsonNamingPolicy.KebabCaseLower;
        yield return new JsonStringEnumConverter<ArchiveErrorKind>(kebab);
        yield return new JsonStringEnumConverter<PassageStatus>(kebab);
        yield return new JsonStringEnumConverter<IngestStatus>(kebab);
        yield return new JsonStringEnumConverter<ReextractStatus>(kebab);
        yield return new JsonStringEnumConverter<CaptureStatus>(kebab);
        yield return new JsonStringEnumConverter<OcrMode>(kebab);
        yield return new JsonStringEnumConverter<FieldKind>(kebab);
        yield return new JsonStringEnumConverter<PageProblemKind>(kebab);
        yield return new JsonStringEnumConverter<FacetName>(kebab);
        yield return new JsonStringEnumConverter<SearchMode>(kebab);
        yield return new JsonStringEnumConverter<SearchSort>(kebab);
        yield return new JsonStringEnumConverter<IndexOutcome>(kebab);
        yield return new JsonStringEnumConverter<EditKind>(kebab);
        yield return new JsonStringEnumConverter<CitationDriftStatus>(kebab);
    }
}
