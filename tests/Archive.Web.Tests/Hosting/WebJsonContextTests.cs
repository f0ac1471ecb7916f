using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Archive.Core.Storage;
using Archive.Web.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Archive.Web.Tests.Hosting;

/// <summary>The host's HTTP JSON options: metadata from source-generated contexts only, never from reflection.</summary>
public sealed class WebJsonContextTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly TestArchive _archive;
    private readonly ArchiveWebFactory _factory;

    public WebJsonContextTests(TestArchive archive)
    {
        _archive = archive;
        _factory = new ArchiveWebFactory(archive);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void HttpJsonOptions_ResolverChain_WebJsonContextAndNoReflectionResolver()
    {
        var chain = HttpJsonOptions().TypeInfoResolverChain;

        Assert.Contains(WebJsonContext.Default, chain);
        Assert.DoesNotContain(chain, resolver => resolver is DefaultJsonTypeInfoResolver);
    }

    [Fact]
    public void HttpJsonOptions_TypeNotInContext_ThrowsNotSupported()
    {
        var options = HttpJsonOptions();

        Assert.Throws<NotSupportedException>(() => options.GetTypeInfo(typeof(Unlisted)));
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Unlisted(3, "x"), options));
    }

    [Fact]
    public void HttpJsonOptions_EveryJsonTypeAnEndpointDeclares_HasMetadata()
    {
        var options = HttpJsonOptions();
        var declared = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<IProducesResponseTypeMetadata>())
            .Where(m => m.Type is { } type && type != typeof(void) && m.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)))
            .Select(m => m.Type!)
            .Distinct()
            .ToList();

        Assert.Contains(typeof(Archive.Core.Search.SearchResponse), declared);
        Assert.All(declared, type => Assert.Equal(type, options.GetTypeInfo(type).Type));
    }

    [Fact]
    public void HttpJsonOptions_CaptureIdAsAnObject_WrittenAsItsStringAndReadBack()
    {
        // A ProblemDetails extension (an ambiguous id's candidates) is an object, written as its runtime type.
        var options = HttpJsonOptions();
        var id = _archive.ReportId;
        object candidates = new List<CaptureId> { id };

        var json = JsonSerializer.Serialize(candidates, options);

        Assert.Equal($"[\"{id.Value}\"]", json);
        Assert.Equal([id], JsonSerializer.Deserialize<List<CaptureId>>(json, options));
    }

    private JsonSerializerOptions HttpJsonOptions() => _factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private sealed record Unlisted(int Count, string Name);
}
