namespace Archive.Core.Ingestion.Ocr;

/// <summary>Pages OCRed so far out of the pages that need it, in one file.</summary>
public readonly record struct OcrProgress(int Done, int Total);
