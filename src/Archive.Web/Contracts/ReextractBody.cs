namespace Archive.Web.Contracts;

/// <summary>
/// The optional body of <c>POST /api/documents/{id}/reextract</c>: when PDFs and images are OCRed in the new run
/// (<c>auto</c>, the default, <c>always</c> or <c>never</c>) and in which Tesseract languages (<c>ara+eng</c>; by
/// default the document's language metadata).
/// </summary>
internal sealed record ReextractBody(string? Ocr, string? OcrLang);
