using Archive.Core.Briefings;
using Archive.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Archive.Core;

/// <summary>Registers <see cref="ArchiveCore"/> (opened once, on first use) and the Core services a host resolves from it.</summary>
public static class ArchiveCoreServices
{
    /// <param name="root">The archive root (null: <c>ARCHIVE_ROOT</c>, else <c>./archive</c>); read when the archive is first opened.</param>
    public static IServiceCollection AddArchiveCore(this IServiceCollection services, Func<IServiceProvider, string?> root)
    {
        ArgumentNullException.ThrowIfNull(root);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ArchiveCore.Open(ArchiveLayout.Resolve(root(sp)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<ArchiveCore>().Catalog);
        services.AddSingleton(sp => sp.GetRequiredService<ArchiveCore>().Searcher);
        services.AddSingleton(sp => sp.GetRequiredService<ArchiveCore>().Packs);
        services.AddSingleton(sp => sp.GetRequiredService<ArchiveCore>().Tokens);
        // The printer is a seam: a host may register its own (with its render time limit) before this call.
        services.TryAddSingleton<IPdfPrinter>(_ => new ChromiumPdfPrinter());
        services.AddSingleton(sp => sp.GetRequiredService<ArchiveCore>().PackBuilder(sp.GetRequiredService<IPdfPrinter>()));
        return services;
    }
}
