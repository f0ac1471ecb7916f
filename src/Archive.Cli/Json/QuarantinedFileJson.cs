using System.Globalization;
using Archive.Core.Verification;

namespace Archive.Cli.Json;

/// <summary>A file moved out of the store, its status change written to the second in UTC (<c>2026-01-02T03:04:05Z</c>).</summary>
internal sealed record QuarantinedFileJson(string Path, string? QuarantinedAs, long Size, string Sha256, string StatusChanged)
{
    public static QuarantinedFileJson From(QuarantinedFile file) =>
        new(file.Path, file.QuarantinedAs, file.Size, file.Sha256, file.StatusChanged.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
