namespace Archive.Core.Ingestion;

/// <summary>Turns the bytes of one file format into canonical text.</summary>
internal interface IExtractor
{
    /// <summary>The media type this extractor accepts, for example <c>text/html</c>.</summary>
    string MediaType { get; }

    /// <summary>Checks the leading bytes: does the content really look like this format?</summary>
    bool Sniff(ReadOnlySpan<byte> head);

    /// <summary>Extracts canonical text. Throws <see cref="ArchiveException"/> with a one-line reason on bad content.</summary>
    /// <param name="path">The original file on disk (already hashed and stored; never modified).</param>
    /// <param name="declaredEncoding">An encoding named by the sidecar for text formats, or null for UTF-8.</param>
    ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken);
}
