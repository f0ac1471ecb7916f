using Archive.Core.Ingestion.Layout;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Tools;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Core.Ingestion;

/// <summary>
/// PDF through poppler's <c>pdftotext</c> in reading-order mode. Pages become <see cref="ExtractedDocument.PageStarts"/>;
/// document info (Title, Author, CreationDate) comes from the escaped head of <c>pdftotext -htmlmeta</c> (see <see cref="PdfInfo"/>). A page whose text layer is missing or nearly
/// empty but which carries an image (a scan) is rasterised with <c>pdftoppm</c> and read by Tesseract, so a mixed PDF
/// keeps its real text. Word boxes come from <c>pdftotext -bbox-layout</c> and from OCR, in PDF points.
/// </summary>
/// <param name="pdftotext">The pdftotext executable (a name on PATH, or a path).</param>
/// <param name="pdfinfo">The pdfinfo executable.</param>
/// <param name="timeout">How long each poppler tool may run; two minutes when null.</param>
/// <param name="tesseract">The OCR engine for scanned pages.</param>
internal sealed partial class PdfExtractor(string pdftotext = "pdftotext", string pdfinfo = "pdfinfo", TimeSpan? timeout = null, Tesseract? tesseract = null)
    : IOcrExtractor
{
    public const string OcrName = "poppler-pdftotext+tesseract";

    public const string Name = "poppler-pdftotext";
    public const string Settings = "enc=UTF-8;eol=unix;reading-order;pages=formfeed;bidi-embeddings=resolved;leading-stops=moved;nfc";
    private const string Package = "poppler-utils";
    private const int HeaderWindow = 1024;

    // The version is asked once per executable per process: it cannot change under a running process in practice.
    private static readonly ConcurrentDictionary<string, string> Versions = new(StringComparer.Ordinal);

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);
    private readonly Tesseract _tesseract = tesseract ?? new Tesseract();

    public string MediaType => "application/pdf";

    /// <summary>True when <c>%PDF-</c> occurs in the first 1024 bytes (readers tolerate junk before it).</summary>
    public bool Sniff(ReadOnlySpan<byte> head) => head[..Math.Min(head.Length, HeaderWindow)].IndexOf("%PDF-"u8) >= 0;

    public ExtractedDocument Extract(string path, string? declaredEncoding, CancellationToken cancellationToken) =>
        Extract(path, OcrOptions.Default, null, null, cancellationToken);

    public ExtractedDocument Extract(string path, OcrOptions options, string? languageTag, IProgress<OcrProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var fullPath = Path.GetFullPath(path); // absolute, so a name starting with '-' is never read as an option
        if (!Sniff(ReadHead(fullPath)))
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, "not a PDF: missing %PDF- header");
        }

        var version = Versions.GetOrAdd(pdftotext, ReadVersion);

        var result = ExternalTool.Run(pdftotext, ["-enc", "UTF-8", "-eol", "unix", fullPath, "-"], Package, _timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, Explain("pdftotext", result));
        }

        string output;
        try
        {
            output = CanonicalText.StrictUtf8.GetString(result.StandardOutput);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, "pdftotext wrote invalid UTF-8; check the poppler-utils installation", ex);
        }

        var pages = SplitPages(output);
        if (pages.Count == 0)
        {
            var detail = result.StandardError.Length > 0 ? $": {result.ErrorLine()}" : string.Empty;
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"PDF has no readable pages{detail}");
        }

        var lastPage = pages.Count.ToString(CultureInfo.InvariantCulture);
        var info = ExternalTool.Run(pdfinfo, ["-enc", "UTF-8", "-rawdates", "-f", "1", "-l", lastPage, fullPath], Package, _timeout, cancellationToken);
        if (info.ExitCode != 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, Explain("pdfinfo", info));
        }

        var infoText = Encoding.UTF8.GetString(info.StandardOutput);
        var head = ExternalTool.Run(pdftotext, ["-enc", "UTF-8", "-htmlmeta", "-f", "1", "-l", "1", fullPath, "-"], Package, _timeout, cancellationToken);
        var metadata = PdfInfo.Parse(head.ExitCode == 0 ? head.StandardOutput : [], infoText);
        var sizes = PageSizes(infoText);

        // A scan is a page with (almost) no text that shows an image; a blank page is left alone.
        var sparse = Enumerable.Range(0, pages.Count).Where(i => IsSparse(pages[i])).ToHashSet();
        var imagePages = sparse.Count > 0 && options.Mode != OcrMode.Always ? PagesWithImages(fullPath, cancellationToken) : [];
        var scans = sparse.Where(i => imagePages.Contains(i + 1)).Order().ToList();
        List<int> ocrPages = options.Mode switch
        {
            OcrMode.Always => Enumerable.Range(0, pages.Count).ToList(),
            OcrMode.Auto => scans,
            _ => [],
        };

        var words = ocrPages.Count < pages.Count ? new PdfLayoutBuilder(pdftotext, _timeout).WordBoxes(fullPath, cancellationToken) : [];
        var chosen = options.LanguagesFor(languageTag);
        (string Languages, string From)? languages = null;
        var tesseractVersion = ocrPages.Count > 0 ? _tesseract.Version : null;
        var builder = new PagedTextBuilder();
        var dpis = new SortedSet<int>();
        var relanguaged = new List<string>();
        string? workDirectory = null;
        try
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var size = i < sizes.Count ? sizes[i] : (Width: 612d, Height: 792d);
                if (!ocrPages.Contains(i))
                {
                    var (width, height, pageWords) = i < words.Count ? words[i] : (size.Width, size.Height, []);
                    builder.AddTextPage(pages[i], pageWords, width, height);
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                workDirectory ??= Directory.CreateTempSubdirectory("archive-ocr-").FullName;
                var dpi = RasterDpi(size.Width, size.Height, options.MaxPixels);
                dpis.Add(dpi);
                var image = Rasterize(fullPath, i + 1, dpi, workDirectory, cancellationToken);
                languages ??= _tesseract.ChooseLanguages(chosen, image, dpi, options.PageTimeout, cancellationToken);
                var ocr = _tesseract.Recognize(image, languages.Value.Languages, dpi, options.PageTimeout, cancellationToken);
                if (chosen?.From != "option" && Recheck(image, dpi, languages.Value.Languages, ocr, options, cancellationToken) is { } better)
                {
                    ocr = [better.Page];
                    relanguaged.Add($"lang-page-{i + 1}={better.Languages}({better.From})");
                }

                File.Delete(image);
                var scale = 72d / dpi;
                var page = ocr.Count > 0 ? ocr[0] : new OcrPage((int)(size.Width / scale), (int)(size.Height / scale), []);
                builder.AddOcrPage(page, page.Width * scale, page.Height * scale, "pt", scale);
                progress?.Report(new OcrProgress(ocrPages.IndexOf(i) + 1, ocrPages.Count));
            }
        }
        finally
        {
            if (workDirectory is not null)
            {
                TryDeleteDirectory(workDirectory);
            }
        }

        var (text, pageStarts, layout) = builder.Build();
        var extractor = ocrPages.Count == 0
            ? new ExtractorInfo(Name, version, options.Mode == OcrMode.Auto ? Settings : $"{Settings};ocr={Mode(options.Mode)}")
            : new ExtractorInfo(OcrName, $"{version}+{tesseractVersion}", string.Create(CultureInfo.InvariantCulture,
                $"{Settings};ocr={Mode(options.Mode)};ocr-pages={string.Join(',', ocrPages.Select(p => p + 1))};raster=pdftoppm-gray-png;dpi={string.Join(',', dpis)};{ImageExtractor.Settings(languages!.Value.Languages, languages.Value.From)}{string.Concat(relanguaged.Select(r => ";" + r))}"));
        return new ExtractedDocument(text, pageStarts, metadata, extractor)
        {
            Layout = layout,
            Note = Note(text, scans, ocrPages.Count, options.Mode),
        };
    }

    /// <summary>Below this mean word confidence (0 to 100), a page read in the document's languages is checked for another script.</summary>
    internal const double RecheckBelow = 50;

    /// <summary>
    /// A scanned page read badly in the languages the first page chose (a cover letter in English before pages in
    /// Arabic: English read an Arabic page at a mean confidence of 27, Arabic and English at 92) has its own script
    /// detected, and is read again in that script's languages when they differ; the better reading, by mean word
    /// confidence, is kept. A page read well costs nothing more.
    /// </summary>
    private (OcrPage Page, string Languages, string From)? Recheck(string image, int dpi, string languages, List<OcrPage> read, OcrOptions options, CancellationToken cancellationToken)
    {
        var confidence = MeanConfidence(read);
        if (confidence is not < RecheckBelow)
        {
            return null;
        }

        var (other, from) = _tesseract.ChooseLanguages(null, image, dpi, options.PageTimeout, cancellationToken);
        if (from == "default" || other == languages)
        {
            return null;
        }

        var again = _tesseract.Recognize(image, other, dpi, options.PageTimeout, cancellationToken);
        return MeanConfidence(again) > confidence && again.Count > 0 ? (again[0], other, from) : null;
    }

    /// <summary>The mean confidence of the words read on the page; null when none were.</summary>
    internal static double? MeanConfidence(List<OcrPage> read)
    {
        var confidences = read.SelectMany(p => p.Words).Where(w => w.Confidence >= 0).Select(w => w.Confidence).ToList();
        return confidences.Count == 0 ? null : confidences.Average();
    }

    private static string? Note(string text, List<int> scans, int ocred, OcrMode mode)
    {
        var off = mode == OcrMode.Never && scans.Count > 0;
        if (text.Length == 0)
        {
            return "no text: the PDF has no text layer and " + (ocred > 0 ? "OCR recognised no words" : off ? "OCR is off (--ocr never)" : "no page image to OCR");
        }

        return off
            ? $"page{(scans.Count > 1 ? "s" : string.Empty)} {string.Join(", ", scans.Select(p => p + 1))} without a text layer and OCR is off (--ocr never)"
            : null;
    }

    private static string Mode(OcrMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>The resolution for a page of <paramref name="width"/> × <paramref name="height"/> points: <see cref="OcrOptions.RasterDpi"/>, lowered so the image stays within <paramref name="maxPixels"/>.</summary>
    internal static int RasterDpi(double width, double height, long maxPixels)
    {
        var squareInches = Math.Max(width, 1) / 72 * (Math.Max(height, 1) / 72);
        var fitting = (int)Math.Floor(Math.Sqrt(maxPixels / squareInches));
        return Math.Clamp(fitting, 1, OcrOptions.RasterDpi);
    }

    /// <summary>True when a page's text has fewer than <see cref="OcrOptions.MinTextLayerCharacters"/> letters and digits.</summary>
    internal static bool IsSparse(string pageText)
    {
        var count = 0;
        foreach (var rune in pageText.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) && ++count >= OcrOptions.MinTextLayerCharacters)
            {
                return false;
            }
        }

        return true;
    }

    private string Rasterize(string pdf, int page, int dpi, string directory, CancellationToken cancellationToken)
    {
        var number = page.ToString(CultureInfo.InvariantCulture);
        var prefix = Path.Combine(directory, "page-" + number);
        var result = ExternalTool.Run(
            PopplerTool("pdftoppm"),
            ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-gray", "-png", "-singlefile", pdf, prefix],
            Package, _timeout, cancellationToken);
        var image = prefix + ".png";
        if (result.ExitCode != 0 || !File.Exists(image))
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"page {page} could not be rendered for OCR: {Explain("pdftoppm", result)}");
        }

        return image;
    }

    private HashSet<int> PagesWithImages(string pdf, CancellationToken cancellationToken)
    {
        // "page num type width height …": one row per image; the first column is the page (from 1).
        var result = ExternalTool.Run(PopplerTool("pdfimages"), ["-list", pdf], Package, _timeout, cancellationToken);
        var pages = new HashSet<int>();
        if (result.ExitCode != 0)
        {
            return pages;
        }

        foreach (var line in Encoding.UTF8.GetString(result.StandardOutput).Split('\n').Skip(2))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length > 2 && cells[2] is "image" or "stencil" && int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var page))
            {
                pages.Add(page);
            }
        }

        return pages;
    }

    // pdftoppm and pdfimages sit beside pdftotext (poppler-utils): a pdftotext given as a path finds them there.
    private string PopplerTool(string name) =>
        Path.GetDirectoryName(pdftotext) is { Length: > 0 } directory ? Path.Combine(directory, name) : name;

    private static List<(double Width, double Height)> PageSizes(string pdfinfoOutput)
    {
        var sizes = new List<(double, double)>();
        foreach (Match match in PageSizePattern().Matches(pdfinfoOutput))
        {
            sizes.Add((double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        return sizes;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover page image in the temp folder is harmless; the text is what matters.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    /// <summary>Splits pdftotext output at form feeds into canonical pages, each with its bidi embeddings resolved (<see cref="PdfBidi"/>) and ending with <c>\n</c> unless empty.</summary>
    internal static List<string> SplitPages(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var pages = output.Split('\f');
        var count = pages[^1].Length == 0 ? pages.Length - 1 : pages.Length;
        var result = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var page = CanonicalText.Canonicalize(PdfBidi.Resolve(pages[i]));
            if (page.Length > 0 && page[^1] != '\n')
            {
                page += "\n";
            }

            result.Add(page);
        }

        return result;
    }

    /// <summary>
    /// Turns pdftotext output (each page followed by a form feed) into canonical text and page starts. Each page is
    /// cleaned of pdftotext's bidi embedding marks and canonicalized on its own before offsets are counted, and every
    /// non-empty page ends with <c>\n</c>, so no character can compose across a page boundary: the joined text is
    /// already NFC and the offsets are exact.
    /// </summary>
    internal static (string Text, List<int> PageStarts) JoinPages(string output)
    {
        var text = new StringBuilder(output?.Length ?? 0);
        var starts = new List<int>();
        var offset = 0;
        foreach (var page in SplitPages(output!))
        {
            starts.Add(offset);
            text.Append(page);
            offset += CountCodePoints(page);
        }

        var joined = text.ToString();
        Debug.Assert(joined.IsNormalized(NormalizationForm.FormC), "per-page NFC must give NFC overall");
        return (joined, starts);
    }

    private static int CountCodePoints(string text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    private static byte[] ReadHead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[HeaderWindow];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"cannot read the PDF: {ex.Message}", ex);
        }
    }

    private string ReadVersion(string executable)
    {
        // pdftotext -v prints "pdftotext version 22.12.0" (and copyright lines) to stderr.
        var result = ExternalTool.Run(executable, ["-v"], Package, _timeout, CancellationToken.None);
        var match = VersionPattern().Match(result.StandardError + "\n" + Encoding.UTF8.GetString(result.StandardOutput));
        if (!match.Success)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"pdftotext -v did not report a version: {result.ErrorLine()}");
        }

        return match.Groups[1].Value;
    }

    private static string Explain(string tool, ToolResult result)
    {
        var line = result.ErrorLine();
        if (line.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase))
        {
            return "encrypted PDF: it needs a password to open; archive an unencrypted copy";
        }

        if (result.ExitCode == 3)
        {
            return "encrypted PDF: its permissions forbid text extraction";
        }

        return $"{tool} failed: {line} (exit {result.ExitCode})";
    }

    [GeneratedRegex(@"version\s+(\d[\w.\-]*)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", RegexOptions.CultureInvariant | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PageSizePattern();
}
