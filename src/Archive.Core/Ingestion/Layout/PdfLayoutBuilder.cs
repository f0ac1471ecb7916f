using Archive.Core.Text;
using Archive.Core.Tools;

namespace Archive.Core.Ingestion.Layout;

/// <summary>Word boxes of a PDF's text layer, from <c>pdftotext -bbox-layout</c> (poppler), placed on a paged text.</summary>
/// <param name="pdftotext">The pdftotext executable (a name on PATH, or a path).</param>
/// <param name="timeout">How long pdftotext may run; two minutes when null.</param>
internal sealed class PdfLayoutBuilder(string pdftotext = "pdftotext", TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);

    /// <summary>Each page's size in points and its words; empty when pdftotext cannot read the file.</summary>
    public List<(double Width, double Height, IReadOnlyList<PositionedWord> Words)> WordBoxes(string pdf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var result = ExternalTool.Run(pdftotext, ["-bbox-layout", "-enc", "UTF-8", Path.GetFullPath(pdf), "-"], "poppler-utils", _timeout, cancellationToken);
        return result.ExitCode == 0 ? BboxLayout.Parse(result.StandardOutput) : [];
    }

    /// <summary>The layout of <paramref name="text"/> (a PDF's text layer, split at <paramref name="pageStarts"/>) on the pages of <paramref name="pdf"/>.</summary>
    public TextLayout FromTextLayer(string pdf, string text, IReadOnlyList<int> pageStarts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pageStarts);
        var boxes = WordBoxes(pdf, cancellationToken);
        var builder = new PagedTextBuilder();
        for (var i = 0; i < pageStarts.Count; i++)
        {
            var from = CodePoints.ToUtf16Index(text, pageStarts[i]);
            var to = i + 1 < pageStarts.Count ? CodePoints.ToUtf16Index(text, pageStarts[i + 1]) : text.Length;
            var (width, height, words) = i < boxes.Count ? boxes[i] : (0d, 0d, []);
            builder.AddTextPage(text[from..to], words, width, height);
        }

        return builder.Build().Layout;
    }
}
