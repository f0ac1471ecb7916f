namespace Archive.Core.Catalog;

/// <summary>The archive needs an action from its owner before this command can run (the message says which).</summary>
internal sealed class ArchiveStateException : Exception
{
    public ArchiveStateException(string message)
        : base(message)
    {
    }

    public ArchiveStateException()
    {
    }

    public ArchiveStateException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
