using System.Text.Json;
using System.Text.Json.Serialization;

namespace Archive.Web.Hosting;

/// <summary>JSON as the CLI prints it with <c>--json</c>: snake_case names, kebab-case enums, nulls left out.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }
}
