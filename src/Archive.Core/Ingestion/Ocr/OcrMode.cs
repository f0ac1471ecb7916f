namespace Archive.Core.Ingestion.Ocr;

/// <summary>When ingest runs OCR: <c>auto</c> (images, and PDF pages without a text layer), <c>always</c>, or <c>never</c>.</summary>
public enum OcrMode
{
    /// <summary>Images always; a PDF page only when its text layer is missing or nearly empty.</summary>
    Auto,

    /// <summary>Images and every PDF page, ignoring any text layer.</summary>
    Always,

    /// <summary>No OCR: a scan or an image is archived without text and the outcome says so.</summary>
    Never,
}
