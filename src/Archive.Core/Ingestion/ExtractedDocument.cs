namespace Archive.Core.Ingestion;

/// <summary>The outcome of extracting canonical text from one original file.</summary>
/// <param name="Text">Canonical text: UTF-8 representable, NFC, <c>\n</c> line ends; empty when <see cref="Streamed"/> holds it.</param>
/// <param name="PageStarts">Code-point offsets where each page begins (PDF only; empty otherwise).</param>
/// <param name="Metadata">Metadata found inside the document itself (HTML head, PDF info), keyed by catalog field name.</param>
/// <param name="Extractor">Name, version and settings of the extractor that produced <paramref name="Text"/>.</param>
internal sealed record ExtractedDocument(
    string Text,
    IReadOnlyList<int> PageStarts,
    IReadOnlyDictionary<string, string> Metadata,
    ExtractorInfo Extractor)
{
    /// <summary>Where each word of <see cref="Text"/> sits on its page (PDFs and images), or null.</summary>
    public Layout.TextLayout? Layout { get; init; }

    /// <summary>
    /// What <see cref="ExtractedDocument.Metadata"/> was read from, recorded as the fields' origin <c>document:NAME</c>
    /// (<c>exif</c> for an image's own metadata); null for the extractor's name.
    /// </summary>
    public string? MetadataSource { get; init; }

    /// <summary>The text, when it was written into the store as it was extracted (a large input) instead of into <see cref="Text"/>.</summary>
    public StreamedText? Streamed { get; init; }

    /// <summary>The text's length in code points.</summary>
    public int TextLength => Streamed?.Length ?? Archive.Core.Text.CodePoints.Count(Text);

    /// <summary>The text, or its first part when it was streamed: enough to guess its language and title.</summary>
    public string TextHead => Streamed?.Head ?? Text;

    /// <summary>Something the user should know about the text, such as "no text: … OCR is off"; null when all is well.</summary>
    public string? Note { get; init; }
}
