namespace Archive.Core.Ingestion.Layout;

/// <summary>A word a PDF's text layer places on a page (from <c>pdftotext -bbox-layout</c>): its text, its line on the page and its box in points.</summary>
internal sealed record PositionedWord(string Text, int Line, LayoutBox Box);
