using System.Collections.Concurrent;
using System.Globalization;
using Archive.Core.Catalog;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Storage;

namespace Archive.Core.Pages;

/// <summary>
/// Page images of PDF and image originals for the hosts: the page list with a passage's place on it, and one page drawn
/// at a bounded width. At most <see cref="Concurrent"/> pages are drawn at once; drawn pages are kept in a
/// <see cref="PageImageCache"/> keyed by the original's hash, the page and the width.
/// </summary>
public sealed class PageImages : IDisposable
{
    private readonly CatalogReader _catalog;
    private readonly PassageLocator _locator;
    private readonly PageRenderer _renderer;
    private readonly PageImageCache _cache;

    internal PageImages(CatalogReader catalog, PassageLocator locator, PageRenderer renderer, PageImageCache cache)
    {
        _catalog = catalog;
        _locator = locator;
        _renderer = renderer;
        _cache = cache;
    }

    public const int DefaultWidth = 1000;
    public const int MinWidth = 100;
    public const int MaxWidth = 2000;

    /// <summary>Pages drawn at the same time; more wait up to the renderer's time limit, then get <see cref="PageProblemKind.Busy"/>.</summary>
    public const int Concurrent = 2;

    private readonly SemaphoreSlim _slots = new(Concurrent, Concurrent);
    private readonly ConcurrentDictionary<CaptureId, IReadOnlyList<(double Width, double Height)>> _sizes = new();

    internal PageImageCache Cache => _cache;

    public void Dispose() => _slots.Dispose();

    /// <summary>The pages of <paramref name="capture"/>'s original, and where <c>[start, end)</c> is on them when both are given.</summary>
    public DocumentPagesResult Describe(CaptureSummary capture, int? start, int? end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (start is null != end is null)
        {
            return new DocumentPagesResult(null, new PageProblem(PageProblemKind.BadRequest, "Bad range", "give both start and end (code points), or neither"));
        }

        if (!PageRenderer.IsPaged(capture.MediaType))
        {
            return new DocumentPagesResult(new DocumentPages(capture.Id, capture.MediaType, 0, [], null), null);
        }

        var sizes = Sizes(capture, cancellationToken, out var problem);
        if (sizes is null)
        {
            return new DocumentPagesResult(null, problem);
        }

        var unit = capture.MediaType == "application/pdf" ? "pt" : "px";
        var pages = sizes.Select((s, i) => new PageSize(i + 1, Math.Round(s.Width, 2), Math.Round(s.Height, 2), unit)).ToList();
        PagePassage? passage = null;
        if (start is { } from && end is { } to)
        {
            try
            {
                if (_locator.Locate(capture.Id, null, from, to, cancellationToken) is { } location)
                {
                    passage = From(from, to, location);
                }
            }
            catch (ArchiveException ex) when (ex.Kind is ArchiveErrorKind.InvalidInput)
            {
                return new DocumentPagesResult(null, new PageProblem(PageProblemKind.BadRequest, "Bad range", ex.Message));
            }
            catch (ArchiveException ex) when (ex.Kind is ArchiveErrorKind.Unreadable or ArchiveErrorKind.NotFound)
            {
                // The pages still show; only the passage's place is unknown.
                passage = null;
            }
        }

        return new DocumentPagesResult(new DocumentPages(capture.Id, capture.MediaType, pages.Count, pages, passage), null);
    }

    /// <summary>Page <paramref name="page"/> (from 1) of <paramref name="capture"/>'s original as a PNG <paramref name="width"/> pixels wide (<see cref="DefaultWidth"/> when null).</summary>
    public PageImageResult Render(CaptureSummary capture, int page, int? width, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var pixels = width ?? DefaultWidth;
        if (pixels is < MinWidth or > MaxWidth)
        {
            return PageImageResult.Failed(PageProblemKind.BadRequest, "Bad width", string.Create(CultureInfo.InvariantCulture, $"width is {MinWidth} to {MaxWidth} pixels (default {DefaultWidth})"));
        }

        if (!PageRenderer.IsPaged(capture.MediaType))
        {
            return PageImageResult.Failed(PageProblemKind.NoPages, "No page images", $"this capture is {capture.MediaType}: only PDFs and images (PNG, JPEG, TIFF, WebP) have page images; read its text instead");
        }

        var sizes = Sizes(capture, cancellationToken, out var problem);
        if (sizes is null)
        {
            return new PageImageResult(null, problem);
        }

        if (page < 1 || page > sizes.Count)
        {
            return PageImageResult.Failed(PageProblemKind.NoSuchPage, "No such page", string.Create(CultureInfo.InvariantCulture, $"page {page} is not in this capture: it has {sizes.Count} page{(sizes.Count == 1 ? string.Empty : "s")}, numbered from 1"));
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{capture.Id}|{page}|{pixels}");
        if (_cache.TryGet(key, out var cached))
        {
            return new PageImageResult(cached, null, FromCache: true);
        }

        if (!_slots.Wait(_renderer.Timeout, cancellationToken))
        {
            return PageImageResult.Failed(PageProblemKind.Busy, "Busy", $"{Concurrent} pages are being drawn already; try again in a moment");
        }

        try
        {
            var image = _renderer.Page(_catalog.OriginalPath(capture), capture.MediaType, page, sizes[page - 1], pixels, cancellationToken);
            _cache.Add(key, image);
            return new PageImageResult(image, null);
        }
        catch (ArchiveException ex) when (ex.Kind is ArchiveErrorKind.Unreadable or ArchiveErrorKind.InvalidInput)
        {
            return PageImageResult.Failed(PageProblemKind.Unrenderable, "Page not drawn", ex.Message);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The location as the API shows it: page, page size, the box there and one box a line.</summary>
    internal static PagePassage From(int start, int end, PassageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        static double R(double v) => Math.Round(v, 2);
        var box = location.Box is { } b ? new PageBoxInfo(location.Page, R(b.X0), R(b.Y0), R(b.X1), R(b.Y1)) : null;
        return new PagePassage(start, end, location.Page, location.Unit, R(location.PageWidth), R(location.PageHeight), box,
            [.. location.Lines.Select(l => new PageBoxInfo(l.Page, R(l.Box.X0), R(l.Box.Y0), R(l.Box.X1), R(l.Box.Y1)))]);
    }

    private IReadOnlyList<(double Width, double Height)>? Sizes(CaptureSummary capture, CancellationToken cancellationToken, out PageProblem? problem)
    {
        problem = null;
        if (_sizes.TryGetValue(capture.Id, out var known))
        {
            return known;
        }

        var path = _catalog.OriginalPath(capture);
        if (!File.Exists(path))
        {
            problem = new PageProblem(PageProblemKind.Unrenderable, "Original missing", "the original is missing from the blob store; run verify");
            return null;
        }

        try
        {
            var sizes = _renderer.PageSizes(path, capture.MediaType, cancellationToken);
            if (sizes.Count == 0)
            {
                problem = new PageProblem(PageProblemKind.Unrenderable, "No pages", "the original has no pages that can be drawn");
                return null;
            }

            if (_sizes.Count > 1024)
            {
                _sizes.Clear();
            }

            _sizes[capture.Id] = sizes;
            return sizes;
        }
        catch (ArchiveException ex) when (ex.Kind is ArchiveErrorKind.Unreadable or ArchiveErrorKind.InvalidInput)
        {
            problem = new PageProblem(PageProblemKind.Unrenderable, "Pages not read", ex.Message);
            return null;
        }
    }
}
