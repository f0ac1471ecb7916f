namespace Archive.Core.Catalog;

/// <summary>The archive root has no catalog: <c>archive init</c> has not been run there.</summary>
internal sealed class ArchiveNotFoundException : Exception
{
    public ArchiveNotFoundException(string root)
        : base($"no archive at {root}: run `archive init --archive {root}` first")
    {
    }

    public ArchiveNotFoundException()
    {
    }

    public ArchiveNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
