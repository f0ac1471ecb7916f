using System.CommandLine;

namespace Archive.Cli;

/// <summary>Options every verb accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Archive = new("--archive")
    {
        Description = "Archive root folder (default: $ARCHIVE_ROOT, else ./archive)",
        HelpName = "DIR",
        Recursive = true,
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "Private signing key kept outside the archive (default: $ARCHIVE_KEY, else keys/signing-key.pem in the archive)",
        HelpName = "PEM",
        Recursive = true,
    };

    public static readonly Option<string?> Agent = new("--agent")
    {
        Description = "Who is acting, recorded in events (default: the OS user name)",
        HelpName = "NAME",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show full error details",
        Recursive = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON on stdout" };
}
