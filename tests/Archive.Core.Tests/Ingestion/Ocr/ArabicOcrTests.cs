using System.Diagnostics;
using System.Text.RegularExpressions;
using Archive.Core.Briefings;
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

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
