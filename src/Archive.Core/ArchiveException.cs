namespace Archive.Core;

/// <summary>
/// The one exception Core throws for outcomes a host must report: misuse, an absent archive, unreadable content or a
/// failed render. Hosts map <see cref="Kind"/> to an exit code or a status, never the message text.
/// </summary>
public sealed class ArchiveException : Exception
{
    public ArchiveException(ArchiveErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ArchiveException(ArchiveErrorKind kind, string message, Exception? inner)
        : base(message, inner)
    {
        Kind = kind;
    }

    public ArchiveException()
    {
    }

    public ArchiveException(string message)
        : base(message)
    {
    }

    public ArchiveException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ArchiveErrorKind Kind { get; } = ArchiveErrorKind.InvalidInput;

    /// <summary>The archive root has no catalog.</summary>
    public static ArchiveException NoArchive(string root) =>
        new(ArchiveErrorKind.NoArchive, $"no archive at {root}: run `archive init` first (or pass --archive DIR / set ARCHIVE_ROOT)");
}
