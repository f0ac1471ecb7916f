using Archive.Core.Storage;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Archive.Web.OpenApi;

/// <summary>
/// Schemas as <c>ArchiveJson</c> writes them: nulls are left out, so a nullable property is optional and never null,
/// and every other property is always there (required); numbers are written as numbers, never as strings; a
/// <see cref="CaptureId"/> is written as its plain <c>sha256:</c> string.
/// </summary>
internal sealed class WrittenSchemaTransformer : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    private const JsonSchemaType Numeric = JsonSchemaType.Integer | JsonSchemaType.Number;

    /// <summary>How a capture id is written: <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public const string CaptureIdPattern = "^sha256:[0-9a-f]{64}$";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type == typeof(CaptureId) || context.JsonTypeInfo.Type == typeof(CaptureId?))
        {
            // Its JSON converter hides the shape from the schema generator, which would otherwise allow any value.
            schema.Type = JsonSchemaType.String | (context.JsonTypeInfo.Type == typeof(CaptureId?) ? JsonSchemaType.Null : 0);
            schema.Pattern = CaptureIdPattern;
            schema.Properties = null;
            return Task.CompletedTask;
        }

        if (schema.Type is { } type && (type & Numeric) != 0 && (type & JsonSchemaType.String) != 0)
        {
            // The web defaults read numbers from strings; the host only ever writes them as numbers.
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Properties is not { Count: > 0 } properties || context.ParameterDescription is not null)
        {
            return Task.CompletedTask;
        }

        schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, property) in properties.ToList())
        {
            if (WithoutNull(property) is { } present)
            {
                properties[name] = present;
                schema.Required.Remove(name);
            }
            else
            {
                schema.Required.Add(name);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A nullable property whose type has its own component is wrapped in <c>oneOf: [null, $ref]</c> only when the
    /// components are put together, after the schema pass, and a nullable <see cref="CaptureId"/> is typed after its
    /// parent was; this second pass treats those the same way.
    /// </summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            foreach (var (name, property) in schema.Properties?.ToList() ?? [])
            {
                if (WithoutNull(property) is { } present)
                {
                    schema.Properties![name] = present;
                    schema.Required?.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The schema of the value when present, or null when <paramref name="property"/> does not allow null.</summary>
    private static IOpenApiSchema? WithoutNull(IOpenApiSchema property)
    {
        if (property is OpenApiSchema { Type: { } type } inline && (type & JsonSchemaType.Null) != 0)
        {
            inline.Type = type & ~JsonSchemaType.Null;
            return inline;
        }

        if (property is OpenApiSchema { OneOf: { Count: 2 } choices } && choices.Count(IsNull) == 1)
        {
            return choices.Single(c => !IsNull(c));
        }

        return null;
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
