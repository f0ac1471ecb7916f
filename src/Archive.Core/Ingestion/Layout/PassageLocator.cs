using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using Archive.Core.Text;

namespace Archive.Core.Ingestion.Layout;

/// <summary>
/// Maps a code-point range of a capture's text to its page and box on the original. The word layout is the one the
/// text-extracted event names for that text (PDFs and images since OCR); for a PDF ingested before layouts were kept it
/// is rebuilt from the original with <c>pdftotext -bbox-layout</c>. Layouts are content-addressed and immutable, so a
/// few recent ones are kept in memory: one locator serves a whole search.
/// </summary>
internal sealed class PassageLocator(CatalogReader catalog, ContentStore store, PdfLayoutBuilder? pdf = null)
{
    private const int CachedLayouts = 32;

    private readonly PdfLayoutBuilder _pdf = pdf ?? new PdfLayoutBuilder();
    private readonly ConcurrentDictionary<string, TextLayout?> _layouts = new(StringComparer.Ordinal);

    /// <summary>Locates <c>[start, end)</c> in the text of the capture at catalog row <paramref name="captureRowId"/>.</summary>
    /// <inheritdoc cref="Locate(CaptureId, string?, int, int, CancellationToken)"/>
    public PassageLocation? Locate(long captureRowId, int start, int end, CancellationToken cancellationToken)
    {
        var capture = catalog.Find(captureRowId) ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture has row {captureRowId}");
        return Locate(capture.Id, capture.TextSha256, start, end, cancellationToken);
    }

    /// <summary>Locates <c>[start, end)</c> in a capture's text.</summary>
    /// <param name="captureId">The capture, <c>sha256:…</c>.</param>
    /// <param name="textSha256">The text the offsets count into (a citation's pinned text); null for the capture's current text.</param>
    /// <returns>Null when the text has no pages to show (plain text, HTML, DOCX) or the range is empty.</returns>
    /// <exception cref="ArchiveException">No such capture or text (<see cref="ArchiveErrorKind.NotFound"/>), or the range is outside the text (<see cref="ArchiveErrorKind.InvalidInput"/>).</exception>
    public PassageLocation? Locate(CaptureId captureId, string? textSha256, int start, int end, CancellationToken cancellationToken)
    {
        var layout = LayoutFor(captureId, textSha256, out var length, cancellationToken);
        if (start < 0 || end < start || end > length)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"need 0 <= start <= end <= {length} (code points); got start={start}, end={end}");
        }

        return layout is null || start == end ? null : Find(layout, start, end);
    }

    /// <summary>The location of <c>[start, end)</c> in <paramref name="layout"/>: words overlapping the range, grouped by page and line.</summary>
    internal static PassageLocation? Find(TextLayout layout, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Pages.Count == 0)
        {
            return null;
        }

        var words = layout.Words;
        var lo = 0;
        var hi = words.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (words[mid].End <= start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var lines = new List<(int Page, int Line, LayoutBox Box)>();
        for (var i = lo; i < words.Count && words[i].Start < end; i++)
        {
            var word = words[i];
            if (word.End <= start)
            {
                continue;
            }

            var at = lines.FindIndex(l => l.Page == word.Page && l.Line == word.Line);
            if (at < 0)
            {
                lines.Add((word.Page, word.Line, word.Box));
            }
            else
            {
                lines[at] = (word.Page, word.Line, lines[at].Box.Union(word.Box));
            }
        }

        var pageNumber = lines.Count > 0 ? lines[0].Page : PageOf(layout, start);
        var page = layout.Pages[pageNumber - 1];
        LayoutBox? box = null;
        foreach (var line in lines.Where(l => l.Page == pageNumber))
        {
            box = box is { } b ? b.Union(line.Box) : line.Box;
        }

        return new PassageLocation(pageNumber, box, page.Unit, page.Width, page.Height, [.. lines.Select(l => new PassageBox(l.Page, l.Box))])
        {
            PageSizes = lines.Select(l => l.Page).Append(pageNumber).Distinct().ToDictionary(p => p, p => (layout.Pages[p - 1].Width, layout.Pages[p - 1].Height)),
        };
    }

    // With no word in the range, the page is the last one whose first word starts at or before it.
    private static int PageOf(TextLayout layout, int offset)
    {
        var page = 1;
        foreach (var word in layout.Words)
        {
            if (word.Start > offset)
            {
                break;
            }

            page = word.Page;
        }

        return page;
    }

    private TextLayout? LayoutFor(CaptureId captureId, string? textSha256, out int length, CancellationToken cancellationToken)
    {
        var detail = catalog.Show(captureId) ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture {captureId}");
        var text = textSha256 ?? detail.Capture.TextSha256;
        string? layoutId = null;
        string? settings = null;
        var found = false;
        foreach (var logged in detail.Events.Where(e => e.Type == EventType.TextExtracted))
        {
            var data = JsonNode.Parse(logged.Json)?["data"];
            if (data?["text"]?.GetValue<string>() == text)
            {
                found = true;
                layoutId = data["layout"]?.GetValue<string>();
                settings = data["extractor"]?["settings"]?.GetValue<string>();
            }
        }

        if (!found)
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"capture {captureId} has no text {text}");
        }

        var textPath = store.PathFor(Sha256Digest.Parse(text));
        var canonical = File.ReadAllText(textPath, System.Text.Encoding.UTF8);
        length = CodePoints.Count(canonical);
        if (layoutId is not null)
        {
            // A photo stored on its side is shown turned; boxes OCR read from its stored pixels (texts made before OCR
            // read it upright) are turned with it.
            if (!Ocr.PixelOrientation.ReadUpright(settings) && Ocr.PixelOrientation.Of(store.PathFor(captureId.Digest), detail.Capture.MediaType) is { } orientation)
            {
                return Cached($"{layoutId}|turned:{orientation}", () => Ocr.PixelOrientation.Turn(orientation, TextLayout.Parse(File.ReadAllBytes(store.PathFor(Sha256Digest.Parse(layoutId))))));
            }

            return Cached(layoutId, () => TextLayout.Parse(File.ReadAllBytes(store.PathFor(Sha256Digest.Parse(layoutId)))));
        }

        if (detail.Capture.MediaType != "application/pdf" || detail.PageStarts.Count == 0)
        {
            return null;
        }

        // A PDF ingested before layouts were kept: its text layer's boxes can be had again from the original.
        var original = store.PathFor(captureId.Digest);
        return Cached("rebuilt:" + text, () => _pdf.FromTextLayer(original, canonical, detail.PageStarts, cancellationToken));
    }

    private TextLayout? Cached(string key, Func<TextLayout?> load)
    {
        if (_layouts.TryGetValue(key, out var layout))
        {
            return layout;
        }

        if (_layouts.Count >= CachedLayouts)
        {
            _layouts.Clear();
        }

        layout = load();
        _layouts[key] = layout;
        return layout;
    }
}
