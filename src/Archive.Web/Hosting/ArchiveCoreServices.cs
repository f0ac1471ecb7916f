using Archive.Core;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Search;
using Archive.Core.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Archive.Web.Hosting;

/// <summary>Registers the archive (opened once, on first use) and the Core objects the endpoints call.</summary>
internal static class ArchiveCoreServices
{
    public static IServiceCollection AddArchiveCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Read lazily so settings added by tests (WebApplicationFactory) are seen.
        services.AddSingleton(sp => WebOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => ArchiveServices.Open(
            ArchiveLayout.Resolve(sp.GetRequiredService<WebOptions>().ArchiveRoot),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var archive = sp.GetRequiredService<ArchiveServices>();
            return new CatalogReader(archive.Database, archive.Store);
        });
        // One per archive: it caches the vocabulary (for wildcards and fuzzy terms) and the alias table.
        services.AddSingleton(sp => new Searcher(sp.GetRequiredService<ArchiveServices>()));
        // The printer is a seam (tests swap in a slow one); its own limit is the host's render timeout.
        services.TryAddSingleton<IPdfPrinter>(sp => new ChromiumPdfPrinter(timeout: sp.GetRequiredService<WebOptions>().RenderTimeout));
        services.AddSingleton(sp => new PackBuilder(sp.GetRequiredService<ArchiveServices>(), sp.GetRequiredService<IPdfPrinter>()));
        services.AddSingleton(sp => new TokenStore(sp.GetRequiredService<ArchiveServices>().Database, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
