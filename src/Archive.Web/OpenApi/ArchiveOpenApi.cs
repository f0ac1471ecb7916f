namespace Archive.Web.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) as the host really answers: response schemas as the JSON options
/// write them, every status an operation can return, the bearer scheme, and the non-JSON bodies.
/// </summary>
internal static class ArchiveOpenApi
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddArchiveOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddSchemaTransformer<WrittenSchemaTransformer>();
        options.AddOperationTransformer<SharedResponsesTransformer>();
        options.AddOperationTransformer<OptionalQueryArraysTransformer>();
        options.AddDocumentTransformer<BearerSchemeTransformer>();
        options.AddDocumentTransformer<WrittenSchemaTransformer>();
    });
}
