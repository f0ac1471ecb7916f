using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Archive.Web.OpenApi;

/// <summary>
/// Query parameters that repeat (<c>publisher</c>, <c>tag</c>, ...) as optional, which they are: a missing one binds as
/// an empty array. The Request Delegate Generator takes only a named type's <c>?</c> as optional, so it calls every
/// array property of an [AsParameters] type required, <c>string[]?</c> included, and the document would repeat that.
/// </summary>
internal sealed class OptionalQueryArraysTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var arrays = context.Description.ParameterDescriptions
            .Where(p => p.Source == BindingSource.Query && p.Type?.IsArray == true)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && parameter.Name is { } name && arrays.Contains(name))
            {
                parameter.Required = false;
            }
        }

        return Task.CompletedTask;
    }
}
