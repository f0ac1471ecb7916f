namespace Archive.Core.Ingestion.Ocr;

/// <summary>One page as Tesseract read it: its size in pixels and its words in reading order.</summary>
internal sealed record OcrPage(int Width, int Height, IReadOnlyList<OcrWord> Words);
