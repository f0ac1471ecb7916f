using System.Globalization;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Pages;

namespace Archive.Core.Briefings;

/// <summary>
/// Draws, for each cited passage of a PDF or an image, the strip of its original page around the passage: its lines
/// with the line above and the line below, across the width of the text around it, at
/// <see cref="PixelsPerPoint"/> for PDFs and the image's own pixels, never over <see cref="MaxSide"/> pixels a side.
/// The crop is the page as drawn; the pack marks the passage's lines over it. A page that cannot be drawn is a warning,
/// and that note keeps only its text. At most <see cref="MaxCrops"/> crops go into one pack.
/// </summary>
internal sealed class PackCropper(PassageLocator locator, PageRenderer renderer, Func<string, string> originalPath)
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
        var crops = new Dictionary<int, PackCrop>();
        var warnings = new List<BriefProblem>();
        var paged = check.Citations.Where(c => PageRenderer.IsPaged(c.Capture.Capture.MediaType)).ToList();
        var done = 0;
        foreach (var citation in paged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PackProgress("drawing pages", ++done, paged.Count));
            var at = citation.Citation;
            if (crops.Count >= MaxCrops)
            {
                warnings.Add(new BriefProblem(check.Brief.Path, at.Line, at.Column,
                    string.Create(CultureInfo.InvariantCulture, $"citation [{at.Number}]: no page image, only the first {MaxCrops} cited passages of PDFs and images get one; the note shows the text")));
                continue;
            }

            try
            {
                if (Crop(citation, cancellationToken) is { } crop)
                {
                    crops[at.Number] = crop;
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

    /// <summary>
    /// The part of the page to show for a passage with <paramref name="box"/>: from the line just above it to the line
    /// just below it (whole lines, from <paramref name="context"/>, the lines around the passage on its page), across
    /// the text's width, with half a line height to spare; without neighbours, two line heights.
    /// </summary>
    internal static LayoutBox RegionFor(LayoutBox box, IReadOnlyList<LayoutBox> lines, IReadOnlyList<LayoutBox> context, double pageWidth, double pageHeight)
    {
        var lineHeight = Math.Max(lines.Count > 0 ? lines.Min(l => l.Height) : box.Height, 1);
        var above = context.Where(l => l.Y1 <= box.Y0 + (lineHeight / 4)).OrderByDescending(l => l.Y1).FirstOrDefault();
        var below = context.Where(l => l.Y0 >= box.Y1 - (lineHeight / 4)).OrderBy(l => l.Y0).FirstOrDefault();
        var top = above.Height > 0 ? above.Y0 - (lineHeight / 2) : box.Y0 - (2 * lineHeight);
        var bottom = below.Height > 0 ? below.Y1 + (lineHeight / 2) : box.Y1 + (2 * lineHeight);
        var shown = context.Append(box).ToList();
        var left = shown.Min(l => l.X0) - (1.5 * lineHeight);
        var right = shown.Max(l => l.X1) + (1.5 * lineHeight);
        return new LayoutBox(Math.Max(0, left), Math.Max(0, top), Math.Min(pageWidth, right), Math.Min(pageHeight, bottom));
    }

    private PackCrop? Crop(ResolvedCitation citation, CancellationToken cancellationToken)
    {
        var capture = citation.Capture.Capture;
        var passage = citation.Passage;
        if (locator.Locate(capture.Id, capture.TextSha256, passage.Start, passage.End, cancellationToken) is not { Box: { } box } location)
        {
            return null;
        }

        var lines = location.Lines.Where(l => l.Page == location.Page).Select(l => l.Box).ToList();
        var around = locator.Locate(capture.Id, capture.TextSha256, Math.Max(0, passage.Start - ContextCodePoints), Math.Min(capture.TextLength, passage.End + ContextCodePoints), cancellationToken);
        var context = around?.Lines.Where(l => l.Page == location.Page).Select(l => l.Box).ToList() ?? [];
        var region = RegionFor(box, lines, context, location.PageWidth, location.PageHeight);
        var wanted = location.Unit == "pt" ? PixelsPerPoint : 1.0;
        // Two pixels to spare: the crop's edges are rounded outwards to whole pixels.
        var scale = Math.Min(wanted, Math.Min((MaxSide - 2) / Math.Max(region.Width, 1), (MaxSide - 2) / Math.Max(region.Height, 1)));
        var image = renderer.Region(originalPath(capture.Id), capture.MediaType, location.Page, (location.PageWidth, location.PageHeight), region, scale, cancellationToken);
        var how = location.Unit == "pt"
            ? string.Create(CultureInfo.InvariantCulture, $"pdftoppm at {scale * 72:0.#} dpi")
            : string.Create(CultureInfo.InvariantCulture, $"image pixels scaled by {scale:0.###}");
        static PackManifestBox B(LayoutBox b) => new(Math.Round(b.X0, 2), Math.Round(b.Y0, 2), Math.Round(b.X1, 2), Math.Round(b.Y1, 2));
        var number = citation.Citation.Number;
        var manifest = new PackManifestCrop(
            string.Create(CultureInfo.InvariantCulture, $"crop-{number}.png"), image.Sha256, image.Width, image.Height, location.Page, location.Unit,
            Math.Round(location.PageWidth, 2), Math.Round(location.PageHeight, 2), B(region), B(box), [.. lines.Select(B)], how);
        return new PackCrop(number, image, manifest);
    }

    private static string Short(ResolvedCitation citation) => Storage.Sha256Digest.Parse(citation.Capture.Capture.Id).Short;
}
