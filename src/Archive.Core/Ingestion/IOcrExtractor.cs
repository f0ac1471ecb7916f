using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Ingestion;

/// <summary>An extractor that can read text from pixels (images, scanned PDF pages) and so takes OCR options.</summary>
internal interface IOcrExtractor : IExtractor
{
    /// <summary>Extracts canonical text, running OCR as <paramref name="options"/> say. Throws <see cref="ArchiveException"/> with a one-line reason on bad content.</summary>
    /// <param name="languageTag">The document's <c>language</c> metadata (BCP 47), used when <paramref name="options"/> names no OCR language.</param>
    /// <param name="progress">Told after each page is OCRed, on the extracting thread.</param>
    ExtractedDocument Extract(string path, OcrOptions options, string? languageTag, IProgress<OcrProgress>? progress, CancellationToken cancellationToken);
}
