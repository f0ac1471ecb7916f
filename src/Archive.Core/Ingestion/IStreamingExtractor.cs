namespace Archive.Core.Ingestion;

/// <summary>An extractor that can also write a large input's canonical text as it goes, never holding it whole.</summary>
internal interface IStreamingExtractor : IExtractor
{
    /// <summary>
    /// Extracts what <see cref="IExtractor.Extract"/> would, writing the text into <paramref name="output"/> instead:
    /// the document returned has an empty <see cref="ExtractedDocument.Text"/>, and the caller completes
    /// <paramref name="output"/> for the text itself.
    /// </summary>
    ExtractedDocument ExtractInto(string path, string? declaredEncoding, CanonicalTextWriter output, CancellationToken cancellationToken);
}
