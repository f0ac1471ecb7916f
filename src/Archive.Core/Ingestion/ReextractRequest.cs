using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Ingestion;

/// <summary>Captures to make a new text for, from their unchanged originals, and how.</summary>
/// <param name="Ids">Capture ids (hash, hash prefix of 8+ hex, or slug) as the user gave them.</param>
/// <param name="AllStale">Also every capture whose text is stale: empty although its original is a PDF or an image (ingested with OCR off, say).</param>
public sealed record ReextractRequest(IReadOnlyList<string> Ids, string Agent, bool AllStale = false)
{
    /// <summary>When and in which languages PDFs and images are OCRed in the new run.</summary>
    public OcrOptions Ocr { get; init; } = OcrOptions.Default;
}
