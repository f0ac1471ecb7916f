using Archive.Core.Catalog;

namespace Archive.Cli.Commands;

/// <summary>Resolves an id typed on the command line, or fails with exit code 4 and the candidates.</summary>
internal static class IdArgument
{
    public const string Help = "Capture hash (sha256:…, or 8+ hex digits) or source slug";

    public static CaptureSummary Resolve(CliContext cli, string id)
    {
        var resolution = cli.Archive.Catalog.Resolve(id);
        if (resolution.Capture is { } capture)
        {
            return capture;
        }

        var candidates = resolution.Candidates.Count > 0
            ? "; candidates: " + string.Join(", ", resolution.Candidates.Take(5).Select(c => $"{c.Id.Value[7..23]} ({c.Slug})"))
            : string.Empty;
        throw new CliException(ExitCodes.NotFound, resolution.Error + candidates);
    }
}
