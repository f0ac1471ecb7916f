using System.Globalization;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace Archive.Web.Tests.OpenApi;

/// <summary>
/// /openapi/v1.json against the host's real answers: every operation is exercised, every status returned is
/// documented, and every body has a declared content type and (for JSON) matches the declared schema.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiExchanges exchanges) : IClassFixture<OpenApiExchanges>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [Fact]
    public void Document_EveryOperation_IsExercisedByARealRequest()
    {
        var documented = Operations(exchanges.Document).Select(o => $"{o.Method} {o.Template}").ToHashSet(StringComparer.Ordinal);
        var exercised = exchanges.Exchanges.Select(e => $"{e.Method} {e.Template}").ToHashSet(StringComparer.Ordinal);
        Assert.True(documented.IsSubsetOf(exercised), "not exercised: " + string.Join(", ", documented.Except(exercised)));
        Assert.True(exercised.IsSubsetOf(documented), "not in the document: " + string.Join(", ", exercised.Except(documented)));
    }

    [Fact]
    public void Responses_EveryStatusReturned_IsDocumentedForItsOperation()
    {
        var undocumented = exchanges.Exchanges
            .Where(e => !Responses(e).TryGetProperty(e.Status.ToString(CultureInfo.InvariantCulture), out _))
            .Select(e => e.ToString())
            .ToList();
        Assert.True(undocumented.Count == 0, "undocumented statuses:\n" + string.Join("\n", undocumented));
    }

    [Fact]
    public void Responses_EveryBody_HasADeclaredContentTypeAndMatchesItsSchema()
    {
        var failures = new List<string>();
        foreach (var exchange in exchanges.Exchanges)
        {
            if (!Responses(exchange).TryGetProperty(exchange.Status.ToString(CultureInfo.InvariantCulture), out var response))
            {
                continue;
            }

            if (Problem(exchange, response) is { } problem)
            {
                failures.Add($"{exchange}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, "bodies that do not match the document:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Exchanges_ReachEachDocumentedKindOfStatus()
    {
        var seen = exchanges.Exchanges.Select(e => e.Status).ToHashSet();
        Assert.Subset(seen, new HashSet<int> { 200, 201, 400, 401, 403, 404, 413, 414, 415, 422, 429, 503 });
    }

    [Fact]
    public void Document_Security_BearerOnEveryApiOperationAnonymousReadOnlyWithPublicRead()
    {
        var scheme = exchanges.Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        foreach (var (document, publicRead) in new[] { (exchanges.Document, false), (exchanges.PublicDocument, true) })
        {
            foreach (var (method, template, operation) in Operations(document))
            {
                if (!template.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Assert.False(operation.TryGetProperty("security", out _), $"{method} {template}");
                    continue;
                }

                var security = operation.GetProperty("security").EnumerateArray().ToList();
                Assert.Contains(security, r => r.TryGetProperty("Bearer", out _));
                var anonymous = security.Any(r => !r.EnumerateObject().Any());
                var readable = method == "get" && !template.StartsWith("/api/log", StringComparison.Ordinal);
                Assert.True(anonymous == (publicRead && readable), $"{method} {template}: anonymous {anonymous}, public-read {publicRead}");
                Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{method} {template}");
            }
        }
    }

    [Fact]
    public void Document_Upload_DescribesTheMultipartFileAndMetadataFields()
    {
        var schema = exchanges.Document.GetProperty("paths").GetProperty("/api/documents").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", schema.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Equal(["file"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        foreach (var field in new[] { "title", "publisher", "published", "reliability", "tags" })
        {
            Assert.True(schema.GetProperty("properties").TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public void Document_SearchCsv_DeclaresTextCsvWithTheCountHeaders()
    {
        var ok = exchanges.Document.GetProperty("paths").GetProperty("/api/search.csv").GetProperty("get").GetProperty("responses").GetProperty("200");
        Assert.True(ok.GetProperty("content").TryGetProperty("text/csv", out _));
        foreach (var header in new[] { "Content-Disposition", "X-Total-Hits", "X-Exported" })
        {
            Assert.True(ok.GetProperty("headers").TryGetProperty(header, out _), header);
        }

        Assert.Contains(exchanges.Exchanges, e => e.Template == "/api/search.csv" && e.Status == 200 && e.MediaType == "text/csv");
    }

    [Theory]
    [InlineData("SearchHit", "id", true)]
    [InlineData("CaptureSummary", "id", true)]
    [InlineData("UploadResult", "capture_id", true)]
    [InlineData("CaptureOutcome", "capture_id", false)]
    [InlineData("ReextractOutcome", "capture_id", false)]
    public void Document_CaptureIds_AreStringsWithTheIdPattern(string component, string property, bool required)
    {
        var schemas = exchanges.Document.GetProperty("components").GetProperty("schemas");
        var owner = schemas.GetProperty(component);
        var schema = owner.GetProperty("properties").GetProperty(property);
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }

        Assert.Equal("string", schema.GetProperty("type").GetString());
        Assert.Equal("^sha256:[0-9a-f]{64}$", schema.GetProperty("pattern").GetString());
        Assert.Equal(required, owner.GetProperty("required").EnumerateArray().Any(r => r.GetString() == property));
    }

    /// <summary>Why the body does not fit the response the document declares, or null when it does.</summary>
    private string? Problem(OpenApiExchanges.Exchange exchange, JsonElement response)
    {
        if (!response.TryGetProperty("content", out var content))
        {
            return exchange.Body.Length == 0 ? null : "a body where the document declares none";
        }

        var declared = content.EnumerateObject().FirstOrDefault(c => Matches(c.Name, exchange.MediaType));
        if (declared.Value.ValueKind == JsonValueKind.Undefined)
        {
            return $"content type {exchange.MediaType ?? "(none)"} is not one of {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}";
        }

        if (declared.Name == "application/pdf")
        {
            return exchange.Body.AsSpan().StartsWith("%PDF-"u8) ? null : "not a PDF";
        }

        if (declared.Name == "image/png")
        {
            return exchange.Body.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? null : "not a PNG";
        }

        if (!IsJson(declared.Name))
        {
            return null;
        }

        if (!declared.Value.TryGetProperty("schema", out var schema))
        {
            return "JSON without a schema";
        }

        return Validate(schema, exchange.Body);
    }

    private string? Validate(JsonElement schema, byte[] body)
    {
        // The response schema with the document's components as $defs, so every $ref resolves inside one schema.
        var components = exchanges.Document.GetProperty("components").GetProperty("schemas").GetRawText();
        var text = new StringBuilder()
            .Append("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",")
            .Append("\"$id\":\"https://archive.test/openapi/").Append(Guid.NewGuid().ToString("N")).Append("\",")
            .Append("\"$defs\":").Append(components).Append(',')
            .Append("\"allOf\":[").Append(schema.GetRawText()).Append("]}")
            .ToString()
            .Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        using var instance = JsonDocument.Parse(body);
        var result = JsonSchema.FromText(text).Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"));
        return string.Join("; ", errors);
    }

    private JsonElement Responses(OpenApiExchanges.Exchange exchange) =>
        exchanges.Document.GetProperty("paths").GetProperty(exchange.Template).GetProperty(exchange.Method).GetProperty("responses");

    private static IEnumerable<(string Method, string Template, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where Methods.Contains(operation.Name)
        select (operation.Name, path.Name, operation.Value);

    private static bool Matches(string declared, string? actual) =>
        actual is not null && (declared == "*/*" || string.Equals(declared, actual, StringComparison.OrdinalIgnoreCase)
            || (declared.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(declared[..^1], StringComparison.OrdinalIgnoreCase)));

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
}
