using Archive.Core;

namespace Archive.Cli;

/// <summary>Every exit code the CLI uses, in one place. Listed in <c>archive --help</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int IntegrityProblem = 3;
    public const int NotFound = 4;
    public const int SomeRejected = 5;
    public const int NoArchive = 6;
    public const int NotWritable = 7;
    public const int CitationProblems = 8;
    public const int Cancelled = 130;

    /// <summary>The exit code for a Core failure of this kind.</summary>
    public static int For(ArchiveErrorKind kind) => kind switch
    {
        ArchiveErrorKind.NoArchive => NoArchive,
        ArchiveErrorKind.InvalidInput or ArchiveErrorKind.Conflict => Usage,
        ArchiveErrorKind.NotFound => NotFound,
        _ => Error,
    };

    public const string Help = """
        Exit codes:
          0  success; for verify, everything checked out
          1  the command cannot go on until something is done, as its message says (pass the signing key with
             --key, run `archive reindex`, ...), or an unexpected error (run with --verbose for details)
          2  bad arguments (unknown verb or option, missing or invalid argument) or bad metadata
          3  verify found changed, missing, untracked or unreadable items, a broken log or a trusted checkpoint the
             log does not extend; audit found a rollback or fork; verify-pack found a problem
          4  an id, passage or file was not found
          5  ingest rejected, or capture refused, at least one input (the others were archived); reextract
             could not make a new text for at least one capture (unsupported or failed)
          6  no archive at the given root: run `archive init`
          7  the archive is read-only or a file could not be written
          8  brief: a citation is ambiguous or not found, or the brief is malformed (nothing was rendered)
          130 cancelled (Ctrl+C); everything acknowledged before was committed
        """;
}
