using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Archive.Core.Briefings;
using Archive.Core;
using Archive.Web.Endpoints;
using Archive.Web.Errors;
using Archive.Web.OpenApi;
using Archive.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;

namespace Archive.Web.Hosting;

/// <summary>Builds the web host: used by <c>Program</c>, by <c>archive serve</c> and by browser tests.</summary>
internal static class ArchiveWebApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(WebOptions.NormalizeArgs(args));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(WebOptions.DefaultUrls);
        }

        // Request lines carry query strings, and a token passed as ?access_token= must not reach the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var limits = WebOptions.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.MaxUploadBytes + UploadOverhead;
            k.Limits.MaxRequestLineSize = WebOptions.KestrelRequestLineBytes;
            k.Limits.MaxRequestHeadersTotalSize = WebOptions.KestrelRequestHeadersBytes;
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = limits.MaxUploadBytes + UploadOverhead);

        // Read lazily so settings added by tests (WebApplicationFactory) are seen.
        builder.Services.AddSingleton(sp => WebOptions.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.TryAddSingleton<IPdfPrinter>(sp => new ChromiumPdfPrinter(timeout: sp.GetRequiredService<WebOptions>().RenderTimeout));
        builder.Services.AddArchiveCore(sp => sp.GetRequiredService<WebOptions>().ArchiveRoot);
        if (WebOptions.From(builder.Configuration).Embed)
        {
            builder.Services.AddHostedService<BackgroundEmbedder>();
        }

        builder.Services.AddSingleton<AuthFailureLimiter>();
        builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        builder.Services.AddArchivePolicies();
        builder.Services.AddArchiveRateLimits();
        builder.Services.AddSingleton(new SearchGate(SearchGate.DefaultSlots));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = BodyTypes.ExplainUnsupported);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            ArchiveJson.Configure(o.SerializerOptions);

            // Source-generated metadata only: the reflection-based resolver ASP.NET starts the chain with (under the
            // JIT) goes, so a type missing from WebJsonContext fails the tests instead of being written by reflection,
            // as it would fail compiled ahead of time. ASP.NET's own contexts stay: the ProblemDetails one, put first
            // by AddProblemDetails before this runs, and the OpenAPI one, put first after it.
            var chain = o.SerializerOptions.TypeInfoResolverChain;
            foreach (var reflection in chain.OfType<DefaultJsonTypeInfoResolver>().ToList())
            {
                chain.Remove(reflection);
            }

            chain.Add(WebJsonContext.Default);
        });
        builder.Services.AddArchiveOpenApi();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseHeadAsGet();
        app.UseStatusCodePages();
        app.UseRequestLimits();
        app.UseRouting();
        var ui = new EmbeddedFileProvider(typeof(ArchiveWebApp).Assembly, "Archive.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = ui });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = ui });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        var endpoints = app.MapGroup(string.Empty);
        ((IEndpointConventionBuilder)endpoints).Finally(BodyTypes.CheckedAfterAuthorization);
        endpoints.MapHealth();
        endpoints.MapSession();
        endpoints.MapDocuments();
        endpoints.MapPages();
        endpoints.MapCaptures();
        endpoints.MapVersions();
        endpoints.MapSearch();
        endpoints.MapVerify();
        endpoints.MapLog();
        endpoints.MapBriefs();
        endpoints.MapPacks();
        return app;
    }

    /// <summary>Room for multipart boundaries and metadata fields on top of the file itself.</summary>
    private const long UploadOverhead = 1024 * 1024;
}
