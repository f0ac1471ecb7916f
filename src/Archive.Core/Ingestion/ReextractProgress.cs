using Archive.Core.Ingestion.Ocr;
using Archive.Core.Storage;

namespace Archive.Core.Ingestion;

/// <summary>Progress through a re-extraction: captures done out of total, and the capture last finished or being read.</summary>
public readonly record struct ReextractProgress(int Done, int Total, CaptureId Current)
{
    /// <summary>Pages OCRed so far in <see cref="Current"/>, while it is read; null between captures.</summary>
    public OcrProgress? Pages { get; init; }
}
