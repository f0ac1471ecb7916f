using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Tools;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Processing;

namespace Archive.Core.Pages;

/// <summary>
/// Turns a page of an original into a PNG: a PDF page with poppler's <c>pdftoppm</c> (as a list of arguments, killed
/// after <see cref="Timeout"/>), a PNG, JPEG, TIFF or WebP page with ImageSharp (fully managed; the header is read first
/// and an image over <see cref="MaxDecodedPixels"/> is refused before any decoder sees it). Output is capped at
/// <see cref="MaxSide"/> pixels a side, so no request makes an unbounded image.
/// </summary>
internal sealed partial class PageRenderer
{
    /// <summary>The longest side of any image this renderer writes, in pixels.</summary>
    public const int MaxSide = 2400;

    /// <summary>The most pixels decoded for one request: a multi-page TIFF counts every page up to the one asked for.</summary>
    public const long MaxDecodedPixels = 100_000_000;

    /// <summary>Pages an image original may have (as at ingest).</summary>
    public const int MaxImagePages = 1000;

    public const string Package = "poppler-utils";

    private readonly string _pdftoppm;
    private readonly string _pdfinfo;

    /// <param name="popplerDirectory">Where pdftoppm and pdfinfo are; null to find them on PATH.</param>
    public PageRenderer(string? popplerDirectory = null, TimeSpan? timeout = null)
    {
        _pdftoppm = popplerDirectory is null ? "pdftoppm" : Path.Combine(popplerDirectory, "pdftoppm");
        _pdfinfo = popplerDirectory is null ? "pdfinfo" : Path.Combine(popplerDirectory, "pdfinfo");
        Timeout = timeout ?? TimeSpan.FromSeconds(20);
    }

    /// <summary>How long one page may take to render.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True for the media types this renderer draws: PDF and the images OCR reads.</summary>
    public static bool IsPaged(string mediaType) => mediaType is "application/pdf" or "image/png" or "image/jpeg" or "image/tiff" or "image/webp";

    /// <summary>The size of every page of the original at <paramref name="path"/>: points for a PDF, pixels for an image.</summary>
    /// <exception cref="ArchiveException">Not a paged type (<see cref="ArchiveErrorKind.InvalidInput"/>), or unreadable (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public IReadOnlyList<(double Width, double Height)> PageSizes(string path, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (mediaType == "application/pdf")
        {
            var info = ExternalTool.Run(_pdfinfo, ["-f", "1", "-l", "1000000", path], Package, Timeout, cancellationToken);
            var text = Encoding.UTF8.GetString(info.StandardOutput);
            if (info.ExitCode != 0)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"pdfinfo cannot read the PDF: {info.ErrorLine()}");
            }

            var sizes = new List<(double, double)>();
            foreach (Match match in PdfPageSize().Matches(text))
            {
                var (w, h) = (double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
                // A page turned a quarter is drawn on its side: its shown width is its height.
                var rotation = PdfPageRotation().Match(text, match.Index) is { Success: true } r && r.Groups[1].Value == match.Groups[1].Value
                    ? int.Parse(r.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
                sizes.Add(rotation % 180 == 90 ? (h, w) : (w, h));
            }

            return sizes;
        }

        if (!IsPaged(mediaType))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{mediaType} has no pages to show");
        }

        // A photo stored on its side is drawn as seen (PixelOrientation): its width is its stored height.
        var orientation = PixelOrientation.Of(path, mediaType);
        return [.. ImageProbe.Read(path, MaxImagePages).Pages.Select(p => orientation is { } o ? PixelOrientation.Size(o, p.Width, p.Height) : (p.Width, p.Height))];
    }

    /// <summary>Page <paramref name="page"/> (from 1), scaled to <paramref name="width"/> pixels wide (never more than <see cref="MaxSide"/> a side).</summary>
    /// <param name="size">The page's size from <see cref="PageSizes"/>.</param>
    public PageImage Page(string path, string mediaType, int page, (double Width, double Height) size, int width, CancellationToken cancellationToken)
    {
        var scale = Fit(size.Width, size.Height, width / size.Width);
        return Render(path, mediaType, page, new LayoutBox(0, 0, size.Width, size.Height), size, scale, cancellationToken);
    }

    /// <summary>
    /// The part <paramref name="region"/> of page <paramref name="page"/> (in the page's unit, from its top-left corner),
    /// at <paramref name="pixelsPerUnit"/>, lowered so neither side passes <see cref="MaxSide"/>.
    /// </summary>
    public PageImage Region(string path, string mediaType, int page, (double Width, double Height) size, LayoutBox region, double pixelsPerUnit, CancellationToken cancellationToken)
    {
        var clipped = new LayoutBox(Math.Clamp(region.X0, 0, size.Width), Math.Clamp(region.Y0, 0, size.Height), Math.Clamp(region.X1, 0, size.Width), Math.Clamp(region.Y1, 0, size.Height));
        if (clipped.Width < 1 || clipped.Height < 1)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "the region to show is empty or off the page");
        }

        return Render(path, mediaType, page, clipped, size, Fit(clipped.Width, clipped.Height, pixelsPerUnit), cancellationToken);
    }

    /// <summary>The scale, at most <paramref name="wanted"/>, at which a <paramref name="width"/> × <paramref name="height"/> area fits in <see cref="MaxSide"/>.</summary>
    internal static double Fit(double width, double height, double wanted) =>
        Math.Max(Math.Min(wanted, Math.Min(MaxSide / Math.Max(width, 1), MaxSide / Math.Max(height, 1))), 1e-3);

    private PageImage Render(string path, string mediaType, int page, LayoutBox region, (double Width, double Height) size, double scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        return mediaType == "application/pdf"
            ? RenderPdf(path, page, region, size, scale, cancellationToken)
            : RenderImage(path, page, region, scale, PixelOrientation.Of(path, mediaType), cancellationToken);
    }

    private PageImage RenderPdf(string path, int page, LayoutBox region, (double Width, double Height) size, double scale, CancellationToken cancellationToken)
    {
        // pdftoppm crops in output pixels at a resolution: points × dpi / 72.
        var dpi = scale * 72;
        var x = (int)Math.Floor(region.X0 * scale);
        var y = (int)Math.Floor(region.Y0 * scale);
        var w = Math.Max(1, Math.Min((int)Math.Ceiling(region.X1 * scale), (int)Math.Floor(size.Width * scale)) - x);
        var h = Math.Max(1, Math.Min((int)Math.Ceiling(region.Y1 * scale), (int)Math.Floor(size.Height * scale)) - y);
        var number = page.ToString(CultureInfo.InvariantCulture);
        string I(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        var result = ExternalTool.Run(
            _pdftoppm,
            ["-f", number, "-l", number, "-r", I(dpi), "-x", I(x), "-y", I(y), "-W", I(w), "-H", I(h), "-png", "-singlefile", path],
            Package, Timeout, cancellationToken);
        if (result.ExitCode != 0 || result.StandardOutput.Length == 0)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"page {page} could not be rendered: pdftoppm {(result.ExitCode != 0 ? $"exited {result.ExitCode}: {result.ErrorLine()}" : "wrote nothing")}");
        }

        return new PageImage(result.StandardOutput, w, h);
    }

    /// <param name="orientation">The EXIF orientation to draw the image as seen (<see cref="PixelOrientation"/>), null as stored.</param>
    private PageImage RenderImage(string path, int page, LayoutBox region, double scale, int? orientation, CancellationToken cancellationToken)
    {
        var header = ImageProbe.Read(path, MaxImagePages);
        if (page < 1 || page > header.Pages.Count)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"the image has {header.Pages.Count} page{(header.Pages.Count == 1 ? string.Empty : "s")}, not a page {page}");
        }

        // Only a TIFF has more than one page, and its decoder reads either the first or every one.
        var decoded = page == 1 ? header.Pages[0].Pixels : header.Pages.Sum(p => p.Pixels);
        if (decoded > MaxDecodedPixels)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, string.Create(CultureInfo.InvariantCulture,
                $"page {page} would decode {decoded:N0} pixels, over the limit of {MaxDecodedPixels:N0} for a page image"));
        }

        IImageDecoder decoder = header.Format switch
        {
            "png" => new PngDecoder(),
            "jpeg" => new JpegDecoder(),
            "tiff" => new TiffDecoder { DecodingMode = page == 1 ? FrameDecodingMode.First : FrameDecodingMode.All },
            "webp" => new WebpDecoder(),
            _ => throw new ArchiveException(ArchiveErrorKind.Unreadable, $"no decoder for {header.Format}"),
        };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        var configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        try
        {
            using var stream = File.OpenRead(path);
            using var all = decoder.Decode<Rgb24>(configuration, stream, limit.Token);
            using var image = page == 1 ? all.Frames.CloneFrame(0) : all.Frames.CloneFrame(page - 1);
            if (orientation is { } turned)
            {
                // The region is on the image as seen: it is turned before the crop.
                image.Metadata.ExifProfile ??= new ExifProfile();
                image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)turned);
                image.Mutate(c => c.AutoOrient());
            }

            var crop = new Rectangle(
                (int)Math.Floor(region.X0), (int)Math.Floor(region.Y0),
                Math.Max(1, Math.Min(image.Width, (int)Math.Ceiling(region.X1)) - (int)Math.Floor(region.X0)),
                Math.Max(1, Math.Min(image.Height, (int)Math.Ceiling(region.Y1)) - (int)Math.Floor(region.Y0)));
            var w = Math.Max(1, (int)Math.Round(crop.Width * scale));
            var h = Math.Max(1, (int)Math.Round(crop.Height * scale));
            image.Mutate(c =>
            {
                c.Crop(crop);
                if (w != crop.Width || h != crop.Height)
                {
                    c.Resize(w, h);
                }
            });
            using var png = new MemoryStream();
            image.Save(png, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
            return new PageImage(png.ToArray(), w, h);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, string.Create(CultureInfo.InvariantCulture, $"page {page} took longer than {Timeout.TotalSeconds:0.#} s to decode and was stopped"));
        }
        catch (Exception ex) when (ex is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException or ArgumentException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"page {page} of the image could not be decoded: {ex.Message}", ex);
        }
    }

    [GeneratedRegex(@"Page\s+(\d+) size:\s+([0-9.]+) x ([0-9.]+) pts")]
    private static partial Regex PdfPageSize();

    [GeneratedRegex(@"Page\s+(\d+) rot:\s+(\d+)")]
    private static partial Regex PdfPageRotation();
}
