using System.Globalization;
using Archive.Core.Ingestion.Layout;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>
/// Images (PNG, JPEG, TIFF, WebP) through Tesseract. The header is read first and an image beyond
/// <see cref="OcrOptions.MaxPixels"/> or <see cref="OcrOptions.MaxPages"/> is refused before any decoder sees it; each
/// page of a multi-page TIFF becomes a page of the text; word boxes are kept in pixels.
/// </summary>
/// <param name="format">The <see cref="ImageProbe.Sniff"/> name this extractor accepts: <c>png</c>, <c>jpeg</c>, <c>tiff</c> or <c>webp</c>.</param>
internal sealed class ImageExtractor(string mediaType, string format, Tesseract tesseract) : IOcrExtractor
{
    public const string Name = "tesseract";

    public string MediaType => mediaType;

    public bool Sniff(ReadOnlySpan<byte> head) => ImageProbe.Sniff(head) == format;

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken) =>
        Extract(path, OcrOptions.Default, null, null, cancellationToken);

    public ExtractedDocument Extract(string path, OcrOptions options, string? languageTag, IProgress<OcrProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var header = ImageProbe.Read(path, options.MaxPages);
        if (header.Format != format)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"not a {format.ToUpperInvariant()} image: the header says {header.Format}");
        }

        for (var i = 0; i < header.Pages.Count; i++)
        {
            var size = header.Pages[i];
            var which = header.Pages.Count > 1 ? $"page {i + 1} is" : "the image is";
            if (size.Width == 0 || size.Height == 0)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{which} empty (0 pixels wide or high)");
            }

            if (size.Pixels > options.MaxPixels)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, string.Create(CultureInfo.InvariantCulture,
                    $"{which} {size} pixels, over the limit of {options.MaxPixels:N0} pixels a page; scale it down or split it"));
            }
        }

        // The image's own metadata (EXIF) is read whether or not it is OCRed; damage to it is a note, never a rejection.
        var (exif, exifWarning) = ImageExif.Read(path, format);
        var pageCount = header.Pages.Count;
        // A photo stored on its side (EXIF orientation) is read as it is seen: Tesseract reads the stored pixels as they are.
        var orientation = pageCount == 1 ? PixelOrientation.Of(path, mediaType) : null;
        var turned = orientation is { } o ? ";" + PixelOrientation.Setting(o) : string.Empty;
        if (options.Mode == OcrMode.Never)
        {
            var empty = new PagedTextBuilder();
            foreach (var size in header.Pages)
            {
                var (width, height) = orientation is { } quarter ? PixelOrientation.Size(quarter, size.Width, size.Height) : (size.Width, size.Height);
                empty.AddOcrPage(new OcrPage((int)width, (int)height, []), width, height, "px", 1);
            }

            var (_, starts, layout) = empty.Build();
            return new ExtractedDocument(string.Empty, starts, exif, new ExtractorInfo("none", "-", $"ocr=never;format={format}{turned}"))
            {
                Layout = layout,
                MetadataSource = ImageExif.Source,
                Note = Notes("no text: an image, and OCR is off (--ocr never)", exifWarning),
            };
        }

        var version = tesseract.Version;
        // Script detection reads every page of a multi-page TIFF, so only a single image is detected; a TIFF takes the defaults.
        var chosen = options.LanguagesFor(languageTag) ?? (pageCount > 1 ? (OcrOptions.DefaultLanguages, "default") : null);
        string? work = null;
        List<OcrPage> pages;
        string languages, from;
        try
        {
            var source = path;
            if (orientation is { } upright)
            {
                work = Directory.CreateTempSubdirectory("archive-ocr-").FullName;
                source = Path.Combine(work, "upright.png");
                PixelOrientation.WriteUpright(path, upright, source);
            }

            (languages, from) = tesseract.ChooseLanguages(chosen, source, null, options.PageTimeout, cancellationToken);
            pages = tesseract.Recognize(source, languages, null, options.PageTimeout * pageCount, cancellationToken);
        }
        finally
        {
            if (work is not null)
            {
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary file left behind is the system's to clean.
                }
            }
        }

        var builder = new PagedTextBuilder();
        foreach (var page in pages)
        {
            builder.AddOcrPage(page, page.Width, page.Height, "px", 1);
        }

        progress?.Report(new OcrProgress(pages.Count, pages.Count));
        var (text, pageStarts, words) = builder.Build();
        var settings = string.Create(CultureInfo.InvariantCulture,
            $"{Settings(languages, from)};format={format};pages={pages.Count};max-pixels={options.MaxPixels}{turned}");
        return new ExtractedDocument(text, pageStarts, exif, new ExtractorInfo(Name, version, settings))
        {
            Layout = words,
            MetadataSource = ImageExif.Source,
            Note = Notes(text.Length == 0 ? "no text: OCR found no words in the image" : null, exifWarning),
        };
    }

    private static string? Notes(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}; {second}";

    /// <summary>The Tesseract settings every OCR text records, for <paramref name="languages"/> chosen by <paramref name="from"/> (<c>option</c>, <c>metadata</c>, <c>script:Arabic</c>, <c>default</c>).</summary>
    public static string Settings(string languages, string from) => string.Create(CultureInfo.InvariantCulture,
        $"lang={languages};lang-from={from};psm={OcrOptions.PageSegmentation};oem={OcrOptions.EngineMode};omp-threads=1;output=tsv;bidi-marks=stripped;nfc");
}
