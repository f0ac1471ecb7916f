using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Tiff;
using MetadataExtractor.Formats.WebP;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>
/// Reads an image's own EXIF metadata (JPEG APP1, TIFF, PNG <c>eXIf</c>, WebP <c>EXIF</c>) with MetadataExtractor:
/// when the picture was taken, the camera or phone, where (GPS, signed decimal degrees), and its orientation. The file
/// is only read. Malformed, truncated or looping EXIF gives a warning and whatever could be read, never an exception.
/// </summary>
internal static class ImageExif
{
    /// <summary>The origin these fields are recorded with: <c>document:exif</c>.</summary>
    public const string Source = "exif";

    // EXIF tag numbers (EXIF 2.32, CIPA DC-008): IFD0, the Exif sub-IFD.
    private const int Make = 0x010F;
    private const int Model = 0x0110;
    private const int Orientation = 0x0112;
    private const int DateTimeOriginal = 0x9003;
    private const int DateTimeDigitized = 0x9004;
    private const int OffsetTimeOriginal = 0x9011;

    private static readonly string[] Orientations =
    [
        "1 (upright)", "2 (mirrored left to right)", "3 (upside down)", "4 (mirrored top to bottom)",
        "5 (mirrored and turned 90° anticlockwise)", "6 (turned 90° anticlockwise: rotate 90° clockwise to view)",
        "7 (mirrored and turned 90° clockwise)", "8 (turned 90° clockwise: rotate 90° anticlockwise to view)",
    ];

    /// <summary>
    /// The catalog fields EXIF gives for the image at <paramref name="path"/> in <paramref name="format"/> (<c>jpeg</c>,
    /// <c>tiff</c>, <c>png</c>, <c>webp</c>): <c>taken_at</c>, <c>device</c>, <c>gps</c>, <c>orientation</c>; and a
    /// warning when the EXIF is damaged.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Fields, string? Warning) Read(string path, string format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = Directories(path, format);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            return (fields, $"EXIF unreadable ({ex.Message.ReplaceLineEndings(" ")}); no image metadata taken from it");
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        if (TakenAt(sub) is { } taken)
        {
            fields["taken_at"] = taken;
        }

        if (Device(ifd0) is { } device)
        {
            fields["device"] = device;
        }

        if (gps?.GetGeoLocation() is { IsZero: false } location && Math.Abs(location.Latitude) <= 90 && Math.Abs(location.Longitude) <= 180)
        {
            fields["gps"] = string.Create(CultureInfo.InvariantCulture, $"{location.Latitude:0.000000},{location.Longitude:0.000000}");
        }

        if (ifd0 is not null && ifd0.TryGetInt32(Orientation, out var orientation) && orientation is >= 1 and <= 8)
        {
            fields["orientation"] = Orientations[orientation - 1];
        }

        var errors = directories.Where(d => d is ExifDirectoryBase or GpsDirectory or ExifThumbnailDirectory || d.Name.StartsWith("Exif", StringComparison.Ordinal))
            .SelectMany(d => d.Errors).Distinct(StringComparer.Ordinal).Take(3).ToList();
        return (fields, errors.Count == 0 ? null : $"EXIF damaged ({string.Join("; ", errors)}); took only what could be read");
    }

    /// <summary>
    /// The EXIF orientation (1 to 8) of the image at <paramref name="path"/>, which says how its stored pixels are
    /// turned or mirrored to be seen as taken; null when it has none, or unreadable EXIF (then the pixels are shown as
    /// stored, as a viewer would).
    /// </summary>
    public static int? OrientationOf(string path, string format)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Directories(path, format).OfType<ExifIfd0Directory>().FirstOrDefault() is { } ifd0
                && ifd0.TryGetInt32(Orientation, out var orientation) && orientation is >= 1 and <= 8 ? orientation : null;
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            return null;
        }
    }

    private static IReadOnlyList<MetadataExtractor.Directory> Directories(string path, string format)
    {
        using var stream = File.OpenRead(path);
        return format switch
        {
            // Only the EXIF segment of a JPEG: no XMP or other segment parser runs.
            "jpeg" => JpegMetadataReader.ReadMetadata(stream, [new ExifReader()]),
            "tiff" => TiffMetadataReader.ReadMetadata(stream),
            "png" => PngMetadataReader.ReadMetadata(stream),
            "webp" => WebPMetadataReader.ReadMetadata(stream),
            _ => [],
        };
    }

    private static bool IsDamage(Exception ex) => ex is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException
        or OverflowException or FormatException or InvalidOperationException or NotSupportedException or EndOfStreamException;

    /// <summary>EXIF's <c>YYYY:MM:DD HH:MM:SS</c> as ISO 8601 local time, with the offset when <c>OffsetTimeOriginal</c> gives one.</summary>
    private static string? TakenAt(ExifSubIfdDirectory? sub)
    {
        if (sub is null)
        {
            return null;
        }

        var raw = (sub.GetString(DateTimeOriginal) ?? sub.GetString(DateTimeDigitized))?.Trim().TrimEnd('\0');
        if (raw is null || !DateTime.TryParseExact(raw, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var offset = sub.GetString(OffsetTimeOriginal)?.Trim().TrimEnd('\0');
        return offset is { Length: 6 } && (offset[0] is '+' or '-') && TimeSpan.TryParseExact(offset[1..], "hh\\:mm", CultureInfo.InvariantCulture, out _)
            ? text + offset
            : text;
    }

    /// <summary>Make and model, the make left out when the model already starts with it ("Canon Canon EOS 5D").</summary>
    private static string? Device(ExifIfd0Directory? ifd0)
    {
        var make = Clean(ifd0?.GetString(Make));
        var model = Clean(ifd0?.GetString(Model));
        if (model is not null && make is not null && model.StartsWith(make, StringComparison.OrdinalIgnoreCase))
        {
            return model;
        }

        var device = string.Join(' ', new[] { make, model }.Where(s => s is not null));
        return device.Length == 0 ? null : device;
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim().TrimEnd('\0').Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Any(char.IsControl) ? null : trimmed.Length > 200 ? trimmed[..200] : trimmed;
    }
}
