namespace Archive.Core.Briefings;

/// <summary>A pack could not be rendered or written: the PDF printer is missing or failed, or a template is broken.</summary>
internal sealed class PackException : Exception
{
    public PackException()
    {
    }

    public PackException(string message)
        : base(message)
    {
    }

    public PackException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
