using System.Diagnostics;
using System.Text.RegularExpressions;
using Archive.Core.Briefings;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;

namespace Archive.Core.Tests.Ingestion.Ocr;

/// <summary>An Arabic page printed by Chromium (the pack printer), rasterised at 300 dpi and read by real Tesseract.</summary>
public sealed partial class ArabicOcrTests : IDisposable
{
    private const string Known = """
        هاجم مسلحون سجن الصناعة في مدينة الحسكة شمال شرق سوريا، وقالت قوات سوريا الديمقراطية إن عددا من المحتجزين فروا خلال الهجوم.
        وأضافت القوات في بيان أن الاشتباكات استمرت عدة أيام في الأحياء المحيطة بالسجن.
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Extract_ArabicScanWithoutLanguage_DetectsArabicAndReadsMostWords()
    {
        var paragraphs = string.Concat(Known.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{p}</p>"));
        var html = _dir.Write("ar.html", $"<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'></head><body style=\"font-family:'Noto Naskh Arabic',serif;font-size:14pt\">{paragraphs}</body></html>");
        var pdf = Path.Combine(_dir.Path, "ar.pdf");
        new ChromiumPdfPrinter().Print(html, pdf, CancellationToken.None);
        var png = Path.Combine(_dir.Path, "ar");
        using (var pdftoppm = Process.Start("pdftoppm", ["-r", "300", "-f", "1", "-l", "1", "-gray", "-png", "-singlefile", pdf, png])!)
        {
            pdftoppm.WaitForExit();
            Assert.Equal(0, pdftoppm.ExitCode);
        }

        var doc = new ImageExtractor("image/png", "png", new Tesseract()).Extract(png + ".png", OcrOptions.Default, null, null, CancellationToken.None);

        Assert.StartsWith("lang=ara+eng;lang-from=script:Arabic;", doc.Extractor.Settings, StringComparison.Ordinal);
        var known = Words().Matches(Known).Select(m => m.Value).ToList();
        var read = Words().Matches(doc.Text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var recall = known.Count(read.Contains) / (double)known.Count;
        Assert.True(recall >= 0.9, $"word recall {recall:P1}: {doc.Text}");
        Assert.All(doc.Layout!.Words, w => Assert.True(w.Box.X0 < w.Box.X1 && w.Box.Y0 < w.Box.Y1));
    }

    /// <summary>
    /// A scanned PDF whose first page is an English cover letter and whose second is Arabic: the first page's script
    /// (Latin) chooses English, the Arabic page read in English comes out at a low confidence, and is read again in the
    /// languages of its own script, which the extractor record names.
    /// </summary>
    [Fact]
    public void Extract_ScannedPdfEnglishCoverThenArabicPage_ArabicPageReadInItsOwnScript()
    {
        const string Cover = "Cover letter. The attached statement was received by the monitoring team on 20 January 2022 from the Hasakah office.";
        var arabic = string.Concat(Known.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{p}</p>"));
        var html = _dir.Write("mixed.html", $"<!doctype html><html><head><meta charset='utf-8'></head><body style='font-size:14pt'><p>{Cover}</p>"
            + $"<div dir='rtl' lang='ar' style=\"page-break-before:always;font-family:'Noto Naskh Arabic',serif\">{arabic}</div></body></html>");
        var printed = Path.Combine(_dir.Path, "mixed.pdf");
        new ChromiumPdfPrinter().Print(html, printed, CancellationToken.None);
        var prefix = Path.Combine(_dir.Path, "page");
        using (var pdftoppm = Process.Start("pdftoppm", ["-r", "300", "-f", "1", "-l", "2", "-gray", printed, prefix])!)
        {
            pdftoppm.WaitForExit();
            Assert.Equal(0, pdftoppm.ExitCode);
        }

        var scans = Directory.GetFiles(_dir.Path, "page-*.pgm").Order(StringComparer.Ordinal).Select(f => (object)new FileInfo(f)).ToList();
        Assert.Equal(2, scans.Count);
        var scanned = _dir.Write("scanned.pdf", TestScans.Pdf(scans, 300));

        var doc = new PdfExtractor().Extract(scanned, OcrOptions.Default, null, null, CancellationToken.None);

        Assert.Contains(";lang=eng;lang-from=script:Latin;", doc.Extractor.Settings, StringComparison.Ordinal);
        Assert.EndsWith(";lang-page-2=ara+eng(script:Arabic)", doc.Extractor.Settings, StringComparison.Ordinal);
        Assert.Contains("monitoring team", doc.Text[..doc.PageStarts[1]], StringComparison.Ordinal);
        var known = Words().Matches(Known).Select(m => m.Value).ToList();
        var read = Words().Matches(doc.Text[doc.PageStarts[1]..]).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var recall = known.Count(read.Contains) / (double)known.Count;
        Assert.True(recall >= 0.9, $"word recall {recall:P1}: {doc.Text}");
    }

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
