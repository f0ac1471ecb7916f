using Archive.Core.Ingestion.Layout;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>
/// An image's EXIF orientation (TIFF 6.0 tag 274, values 2 to 8): how its stored pixels are turned or mirrored to be
/// seen as taken. A phone stores a portrait photo on its side and says so here; viewers and browsers turn it, Tesseract
/// does not (and reads a page on its side or upside down badly). So OCR reads the image turned upright, and its texts
/// say so (<see cref="Setting"/>); pages are drawn as seen; the word boxes of a text read from the stored pixels (before
/// this) are turned by the same rule when they are shown.
/// </summary>
internal static class PixelOrientation
{
    /// <summary>
    /// The orientation of a one-page JPEG, PNG or WebP original, or null when it is stored upright (no tag, tag 1,
    /// unreadable EXIF). TIFF is left as stored: its pages each carry their own tag, which is not read.
    /// </summary>
    public static int? Of(string path, string mediaType)
    {
        var format = mediaType switch
        {
            "image/jpeg" => "jpeg",
            "image/png" => "png",
            "image/webp" => "webp",
            _ => null,
        };
        return format is not null && ImageExif.OrientationOf(path, format) is { } value and not 1 ? value : null;
    }

    /// <summary>The extractor setting of a text OCR read from the image turned upright by <paramref name="orientation"/>.</summary>
    public static string Setting(int orientation) => $"orientation=exif-{orientation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Whether a text's extractor settings say its boxes are on the image turned upright (else on its stored pixels).</summary>
    public static bool ReadUpright(string? settings) => settings?.Contains("orientation=exif-", StringComparison.Ordinal) == true;

    /// <summary>Writes the one-page image at <paramref name="source"/> turned upright by <paramref name="orientation"/> as a PNG at <paramref name="target"/>.</summary>
    /// <exception cref="ArchiveException">The image cannot be decoded (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public static void WriteUpright(string source, int orientation, string target)
    {
        var configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        try
        {
            using var image = Image.Load<Rgb24>(configuration, source);
            image.Metadata.ExifProfile ??= new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
            image.Mutate(c => c.AutoOrient());
            image.Save(target, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8, CompressionLevel = PngCompressionLevel.BestSpeed });
        }
        catch (Exception ex) when (ex is ImageFormatException or UnknownImageFormatException or InvalidImageContentException or NotSupportedException or IOException or ArgumentException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the image could not be decoded to turn it upright (EXIF orientation {orientation}): {ex.Message}", ex);
        }
    }

    /// <summary>Orientations 5 to 8 turn the image a quarter: its seen width is its stored height.</summary>
    public static bool Quarter(int orientation) => orientation is >= 5 and <= 8;

    /// <summary>The size of a <paramref name="width"/> × <paramref name="height"/> stored image as seen.</summary>
    public static (double Width, double Height) Size(int orientation, double width, double height) =>
        Quarter(orientation) ? (height, width) : (width, height);

    /// <summary>Where the point (<paramref name="x"/>, <paramref name="y"/>) of a <paramref name="width"/> × <paramref name="height"/> stored image is seen.</summary>
    public static (double X, double Y) Point(int orientation, double x, double y, double width, double height) => orientation switch
    {
        2 => (width - x, y), // mirrored left to right
        3 => (width - x, height - y), // turned half
        4 => (x, height - y), // mirrored top to bottom
        5 => (y, x), // mirrored along the diagonal from the top-left
        6 => (height - y, x), // turned a quarter clockwise
        7 => (height - y, width - x), // mirrored along the other diagonal
        8 => (y, width - x), // turned a quarter anticlockwise
        _ => (x, y),
    };

    /// <summary>A box of the stored image as seen.</summary>
    public static LayoutBox Box(int orientation, LayoutBox box, double width, double height)
    {
        var (ax, ay) = Point(orientation, box.X0, box.Y0, width, height);
        var (bx, by) = Point(orientation, box.X1, box.Y1, width, height);
        return new LayoutBox(Math.Min(ax, bx), Math.Min(ay, by), Math.Max(ax, bx), Math.Max(ay, by));
    }

    /// <summary>A layout read from stored pixels, as seen: page sizes and word boxes turned.</summary>
    public static TextLayout Turn(int orientation, TextLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var stored = layout.Pages.ToDictionary(p => p.Number, p => (p.Width, p.Height));
        return layout with
        {
            Pages = [.. layout.Pages.Select(p =>
            {
                var (w, h) = Size(orientation, p.Width, p.Height);
                return p with { Width = w, Height = h };
            })],
            Words = [.. layout.Words.Select(w => stored.TryGetValue(w.Page, out var size) ? w with { Box = Box(orientation, w.Box, size.Width, size.Height) } : w)],
        };
    }
}
