namespace Archive.Core.Ingestion;

/// <summary>An original cannot be turned into text: the reason is one line a user can act on.</summary>
internal sealed class ExtractionException : Exception
{
    public ExtractionException(string reason)
        : base(reason)
    {
    }

    public ExtractionException(string reason, Exception inner)
        : base(reason, inner)
    {
    }

    public ExtractionException()
    {
    }
}
