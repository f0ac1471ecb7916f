namespace Archive.Core.Ingestion.Ocr;

/// <summary>What an image file's own header says: its format and the size of each page, read without decoding pixels.</summary>
internal sealed record ImageHeader(string Format, IReadOnlyList<ImageSize> Pages);
