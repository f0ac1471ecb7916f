namespace Archive.Core.Metadata;

/// <summary>Bad metadata: the message names the field and, for sidecars, the file, line and column.</summary>
internal sealed class MetadataException : Exception
{
    public MetadataException(string message)
        : base(message)
    {
    }

    public MetadataException()
    {
    }

    public MetadataException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
