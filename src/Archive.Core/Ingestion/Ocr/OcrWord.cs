namespace Archive.Core.Ingestion.Ocr;

/// <summary>One word Tesseract recognised: where it sits in the layout (block, paragraph, line), its box in pixels and its text.</summary>
internal sealed record OcrWord(int Block, int Paragraph, int Line, int Left, int Top, int Width, int Height, double Confidence, string Text);
