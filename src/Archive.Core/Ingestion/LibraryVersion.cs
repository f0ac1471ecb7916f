using System.Reflection;

namespace Archive.Core.Ingestion;

/// <summary>Reads the version of a library an extractor is built on, for <see cref="ExtractorInfo.Version"/>.</summary>
internal static class LibraryVersion
{
    /// <summary>The informational version without build metadata (<c>1.10.3</c>, not <c>1.10.3+11df811…</c>).</summary>
    public static string Of(Type typeInLibrary)
    {
        ArgumentNullException.ThrowIfNull(typeInLibrary);
        var assembly = typeInLibrary.Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
