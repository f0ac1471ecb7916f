namespace Archive.Core.Ingestion;

/// <summary>
/// An extractor that reads a whole original from memory: the bytes ingest has just read, hashed and staged, so a small
/// file is read from disk once and its text comes from the very bytes its digest names.
/// </summary>
internal interface IInMemoryExtractor : IExtractor
{
    /// <summary>Extracts what <see cref="IExtractor.Extract"/> would from the file that holds <paramref name="content"/>.</summary>
    ExtractedDocument ExtractBytes(byte[] content, string? declaredEncoding, CancellationToken cancellationToken);
}
