using System.Diagnostics;
using System.Globalization;
using System.Net;
using Archive.Core.Briefings;

namespace Archive.TestInfrastructure;

/// <summary>
/// A real page of known paragraphs: printed by headless Chromium into a born-digital PDF (a text layer, several lines a
/// paragraph), and that PDF rasterised by poppler's <c>pdftoppm</c> into a PNG "scan" with no text at all.
/// </summary>
internal static class TestPages
{
    /// <summary>Prints <paramref name="paragraphs"/> (14 pt serif, A4) to <c>NAME.pdf</c> in <paramref name="directory"/>.</summary>
    public static string PrintedPdf(string directory, string name, IReadOnlyList<string> paragraphs)
    {
        var html = Path.Combine(directory, name + ".html");
        File.WriteAllText(html,
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><style>@page { size: A4; margin: 25mm; } "
            + "body { font-family: \"DejaVu Serif\", serif; font-size: 14pt; line-height: 1.5; } p { margin: 0 0 12pt; }</style></head><body>"
            + string.Concat(paragraphs.Select(p => "<p>" + WebUtility.HtmlEncode(p) + "</p>")) + "</body></html>");
        var pdf = Path.Combine(directory, name + ".pdf");
        new ChromiumPdfPrinter().Print(html, pdf, CancellationToken.None);
        return pdf;
    }

    /// <summary>Page <paramref name="page"/> of <paramref name="pdf"/> rasterised at <paramref name="dpi"/> into <c>NAME.png</c>.</summary>
    public static string Scan(string pdf, int page, int dpi, string name)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, name);
        var number = page.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("pdftoppm") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", number, "-l", number, "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", "-singlefile", pdf, prefix })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? prefix + ".png" : throw new InvalidOperationException("pdftoppm failed: " + error);
    }
}
