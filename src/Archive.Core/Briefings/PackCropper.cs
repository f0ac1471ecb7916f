using System.Globalization;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Pages;
using Archive.Core.Storage;

namespace Archive.Core.Briefings;

/// <summary>
/// Draws, for each cited passage of a PDF or an image, the strip of each original page the passage touches: its
/// lines there with the line above and the line below, across the width of the text around it, edges between lines
/// (never across one), at
/// <see cref="PixelsPerPoint"/> for PDFs and the image's own pixels, never over <see cref="MaxSide"/> pixels a side.
/// The crop is the page as drawn; the pack marks the passage's lines over it. A page that cannot be drawn is a warning,
/// and that note keeps only its text. At most <see cref="MaxCrops"/> crops go into one pack.
/// </summary>
internal sealed class PackCropper(PassageLocator locator, PageRenderer renderer, Func<CaptureId, string> originalPath)
{
    /// <summary>PDF crops are drawn at 144 dpi: sharp on paper, about 1,200 pixels across a letter page.</summary>
    public const double PixelsPerPoint = 2.0;

    /// <summary>The longest side of a crop, in pixels.</summary>
    public const int MaxSide = 1400;

    /// <summary>The most crops in one pack (so a brief with thousands of citations stays a readable size).</summary>
    public const int MaxCrops = 100;

    public PackCrops Make(BriefCheck check, IProgress<PackProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var crops = new Dictionary<int, IReadOnlyList<PackCrop>>();
        var count = 0;
        var warnings = new List<BriefProblem>();
        var paged = check.Citations.Where(c => PageRenderer.IsPaged(c.Capture.Capture.MediaType)).ToList();
        var done = 0;
        foreach (var citation in paged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PackProgress("drawing pages", ++done, paged.Count));
            var at = citation.Citation;
            if (count >= MaxCrops)
            {
                warnings.Add(new BriefProblem(check.Brief.Path, at.Line, at.Column,
                    string.Create(CultureInfo.InvariantCulture, $"citation [{at.Number}]: no page image, only the first {MaxCrops} cited passages of PDFs and images get one; the note shows the text")));
                continue;
            }

            try
            {
                if (Crops(citation, cancellationToken) is { Count: > 0 } pages)
                {
                    crops[at.Number] = pages;
                    count += pages.Count;
                }
                else
                {
                    warnings.Add(new BriefProblem(check.Brief.Path, at.Line, at.Column,
                        $"citation [{at.Number}]: the passage's words are not placed on a page of {Short(citation)}, so there is no page image; the note shows the text"));
                }
            }
            catch (ArchiveException ex) when (ex.Kind is ArchiveErrorKind.Unreadable or ArchiveErrorKind.InvalidInput or ArchiveErrorKind.NotFound)
            {
                warnings.Add(new BriefProblem(check.Brief.Path, at.Line, at.Column,
                    $"citation [{at.Number}]: the page of {Short(citation)} could not be drawn ({ex.Message}); the note shows the text only"));
            }
        }

        return new PackCrops(crops, warnings);
    }

    /// <summary>Code points read on each side of a passage to find the lines around it.</summary>
    private const int ContextCodePoints = 240;

    /// <summary>Code points read on each side of a passage to find every line near a crop's edges.</summary>
    private const int EdgeCodePoints = 2_000;

    /// <summary>
    /// The part of the page to show for a passage with <paramref name="box"/>: from the line just above it to the line
    /// just below it (whole lines, from <paramref name="context"/>, the lines around the passage on its page), across
    /// the text's width, with half a line height to spare; without neighbours, two line heights. An edge that would cut
    /// through a line of <paramref name="nearby"/> (more lines of the page, around the passage) moves into the gap
    /// between that line and the next one towards the passage, so no line is shown sliced.
    /// </summary>
    internal static LayoutBox RegionFor(LayoutBox box, IReadOnlyList<LayoutBox> lines, IReadOnlyList<LayoutBox> context, IReadOnlyList<LayoutBox> nearby, double pageWidth, double pageHeight)
    {
        var lineHeight = Math.Max(lines.Count > 0 ? lines.Min(l => l.Height) : box.Height, 1);
        var above = context.Where(l => l.Y1 <= box.Y0 + (lineHeight / 4)).OrderByDescending(l => l.Y1).FirstOrDefault();
        var below = context.Where(l => l.Y0 >= box.Y1 - (lineHeight / 4)).OrderBy(l => l.Y0).FirstOrDefault();
        var top = above.Height > 0 ? above.Y0 - (lineHeight / 2) : box.Y0 - (2 * lineHeight);
        var bottom = below.Height > 0 ? below.Y1 + (lineHeight / 2) : box.Y1 + (2 * lineHeight);
        var shown = context.Append(box).ToList();
        var left = shown.Min(l => l.X0) - (1.5 * lineHeight);
        var right = shown.Max(l => l.X1) + (1.5 * lineHeight);

        // Only lines under the crop's width matter (not those of another column).
        var crossing = nearby.Where(l => l.X1 > left && l.X0 < right && l.Height > 0).ToList();
        foreach (var cut in crossing.Where(l => l.Y0 < top && top < l.Y1 && l.Y1 <= box.Y0 + (lineHeight / 4)).OrderBy(l => l.Y0))
        {
            var next = crossing.Where(l => l.Y0 >= cut.Y1 - (lineHeight / 4) && l != cut).Select(l => l.Y0).DefaultIfEmpty(cut.Y1).Min();
            top = Math.Max(top, (cut.Y1 + Math.Max(next, cut.Y1)) / 2);
        }

        foreach (var cut in crossing.Where(l => l.Y0 < bottom && bottom < l.Y1 && l.Y0 >= box.Y1 - (lineHeight / 4)).OrderByDescending(l => l.Y1))
        {
            var previous = crossing.Where(l => l.Y1 <= cut.Y0 + (lineHeight / 4) && l != cut).Select(l => l.Y1).DefaultIfEmpty(cut.Y0).Max();
            bottom = Math.Min(bottom, (cut.Y0 + Math.Min(previous, cut.Y0)) / 2);
        }

        return new LayoutBox(Math.Max(0, left), Math.Max(0, top), Math.Min(pageWidth, right), Math.Min(pageHeight, bottom));
    }

    /// <summary>A crop of each page the passage touches, in text order (the first is <c>crop-N.png</c>, the next <c>crop-N-page-P.png</c>); empty when its words are not placed.</summary>
    private List<PackCrop> Crops(ResolvedCitation citation, CancellationToken cancellationToken)
    {
        var capture = citation.Capture.Capture;
        var passage = citation.Passage;
        var crops = new List<PackCrop>();
        if (locator.Locate(capture.Id, capture.TextSha256, passage.Start, passage.End, cancellationToken) is not { Box: not null } location)
        {
            return crops;
        }

        PassageLocation? Around(int codePoints) => locator.Locate(
            capture.Id, capture.TextSha256, Math.Max(0, passage.Start - codePoints), Math.Min(capture.TextLength, passage.End + codePoints), cancellationToken);
        var around = Around(ContextCodePoints);
        var nearby = Around(EdgeCodePoints);
        var number = citation.Citation.Number;
        foreach (var page in location.Lines.Select(l => l.Page).Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<LayoutBox> OnPage(PassageLocation? l) => l?.Lines.Where(b => b.Page == page).Select(b => b.Box).ToList() ?? [];
            var lines = OnPage(location);
            var box = lines.Skip(1).Aggregate(lines[0], (a, b) => a.Union(b));
            var (pageWidth, pageHeight) = location.PageSizes.TryGetValue(page, out var size) ? size : (location.PageWidth, location.PageHeight);
            var region = RegionFor(box, lines, OnPage(around), OnPage(nearby), pageWidth, pageHeight);
            var wanted = location.Unit == "pt" ? PixelsPerPoint : 1.0;
            // Two pixels to spare: the crop's edges are rounded outwards to whole pixels.
            var scale = Math.Min(wanted, Math.Min((MaxSide - 2) / Math.Max(region.Width, 1), (MaxSide - 2) / Math.Max(region.Height, 1)));
            var image = renderer.Region(originalPath(capture.Id), capture.MediaType, page, (pageWidth, pageHeight), region, scale, cancellationToken);
            var how = location.Unit == "pt"
                ? string.Create(CultureInfo.InvariantCulture, $"pdftoppm at {scale * 72:0.#} dpi")
                : string.Create(CultureInfo.InvariantCulture, $"image pixels scaled by {scale:0.###}");
            static PackManifestBox B(LayoutBox b) => new(Math.Round(b.X0, 2), Math.Round(b.Y0, 2), Math.Round(b.X1, 2), Math.Round(b.Y1, 2));
            var file = crops.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"crop-{number}.png")
                : string.Create(CultureInfo.InvariantCulture, $"crop-{number}-page-{page}.png");
            var manifest = new PackManifestCrop(
                file, image.Sha256, image.Width, image.Height, page, location.Unit,
                Math.Round(pageWidth, 2), Math.Round(pageHeight, 2), B(region), B(box), [.. lines.Select(B)], how);
            crops.Add(new PackCrop(number, image, manifest));
        }

        return crops;
    }

    private static string Short(ResolvedCitation citation) => citation.Capture.Capture.Id.Short;
}
