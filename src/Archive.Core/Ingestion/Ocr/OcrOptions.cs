namespace Archive.Core.Ingestion.Ocr;

/// <summary>How one ingest runs OCR: when, in which languages, and within which limits.</summary>
/// <param name="Mode">When to OCR.</param>
/// <param name="Languages">
/// Tesseract languages such as <c>ara+eng</c>; null to take the document's <c>language</c> metadata, or
/// <see cref="DefaultLanguages"/> when it has none.
/// </param>
public sealed record OcrOptions(OcrMode Mode = OcrMode.Auto, string? Languages = null)
{
    /// <summary>English and Arabic, the archive's main languages, when neither the user, the metadata nor script detection names one.</summary>
    public const string DefaultLanguages = "eng+ara";

    /// <summary>
    /// Page segmentation: Tesseract's automatic layout analysis with orientation detection (<c>--psm 1</c>), so a page
    /// scanned upside down or on its side is turned before it is read (<c>--psm 3</c> read an upside-down page as
    /// garbage); word boxes stay in the image's own coordinates. A page with too little text to orient is read as it is.
    /// </summary>
    public const int PageSegmentation = 1;

    /// <summary>The LSTM engine only (<c>--oem 1</c>).</summary>
    public const int EngineMode = 1;

    /// <summary>Resolution at which PDF pages are rasterised for OCR, unless the page is so large that the pixel limit lowers it.</summary>
    public const int RasterDpi = 300;

    /// <summary>A PDF page whose text layer has fewer letters and digits than this is treated as a scan.</summary>
    public const int MinTextLayerCharacters = 16;

    public static OcrOptions Default { get; } = new();

    /// <summary>The most pixels one page may have (a decompression bomb is refused before it is decoded): 60 million.</summary>
    public long MaxPixels { get; init; } = 60_000_000;

    /// <summary>The most pages one image file (a multi-page TIFF) may have.</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>How long Tesseract may spend on one page.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The languages to use for a document whose metadata names <paramref name="language"/> (a BCP 47 tag, or null),
    /// and where the choice came from (<c>option</c>, <c>metadata</c>); null when neither says, and the script on the
    /// page is to decide.
    /// </summary>
    public (string Languages, string From)? LanguagesFor(string? language) =>
        Languages is not null ? (Languages, "option")
        : TesseractLanguages.FromLanguageTag(language) is { } fromTag ? (fromTag, "metadata")
        : null;
}
