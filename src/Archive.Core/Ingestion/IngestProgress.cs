using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Ingestion;

/// <summary>Progress through a batch: files done out of total, and the file last finished (or, with <see cref="Pages"/>, the file being OCRed).</summary>
public readonly record struct IngestProgress(int Done, int Total, string Current)
{
    /// <summary>Pages OCRed so far in <see cref="Current"/>, while it is read; null between files.</summary>
    public OcrProgress? Pages { get; init; }
}
