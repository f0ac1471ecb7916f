namespace Archive.Core.Ingestion.Layout;

/// <summary>One page of a paged text: its number (from 1), size and unit, and where its text came from.</summary>
/// <param name="Unit"><c>pt</c> (PDF points, 1/72 inch) for PDFs, <c>px</c> for images.</param>
/// <param name="Source"><c>text-layer</c> (the PDF's own text) or <c>ocr</c>.</param>
internal sealed record LayoutPage(int Number, double Width, double Height, string Unit, string Source);
