using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Core;

/// <summary>
/// The one JSON shape of every report, for <c>--json</c> and the HTTP API alike: snake_case names, kebab-case enums,
/// dictionary keys as they are, nulls left out, and text (Arabic included) written as UTF-8 rather than escaped.
/// </summary>
public static class ArchiveJson
{
    /// <summary>The options, indented for people reading a terminal.</summary>
    public static JsonSerializerOptions Options { get; } = CreateIndented();

    /// <summary>Applies the shape to a host's own options object (the web host's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }

    private static JsonSerializerOptions CreateIndented()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
