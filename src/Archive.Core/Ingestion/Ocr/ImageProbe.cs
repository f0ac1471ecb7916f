using System.Buffers.Binary;

namespace Archive.Core.Ingestion.Ocr;

/// <summary>
/// Reads the dimensions of PNG, JPEG, TIFF and WebP files from their headers, without decoding any pixels, so a
/// decompression bomb (a small file that decodes to gigabytes) is refused before a decoder sees it. It also refuses
/// files cut short: a PNG without <c>IEND</c>, a JPEG without its end-of-image marker, a WebP shorter than its RIFF size.
/// </summary>
internal static class ImageProbe
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format of <paramref name="head"/> by its magic bytes (<c>png</c>, <c>jpeg</c>, <c>tiff</c>, <c>webp</c>), or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(PngSignature))
        {
            return "png";
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return "jpeg";
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return "tiff";
        }

        return head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? "webp" : null;
    }

    /// <summary>Reads the header of the image at <paramref name="path"/>.</summary>
    /// <param name="maxPages">A TIFF with more pages than this is refused without reading the rest.</param>
    /// <exception cref="ArchiveException">Not a supported image, or its header is truncated or malformed (<see cref="ArchiveErrorKind.Unreadable"/>).</exception>
    public static ImageHeader Read(string path, int maxPages)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
            var head = new byte[16];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = 0;
            return Sniff(head.AsSpan(0, read)) switch
            {
                "png" => ReadPng(stream),
                "jpeg" => ReadJpeg(stream),
                "tiff" => ReadTiff(stream, maxPages),
                "webp" => ReadWebp(stream),
                _ => throw Unreadable("not a PNG, JPEG, TIFF or WebP image"),
            };
        }
        catch (EndOfStreamException)
        {
            throw Unreadable("truncated image: the file ends inside its header");
        }
        catch (IOException ex)
        {
            throw Unreadable($"cannot read the image: {ex.Message}");
        }
    }

    private static ImageHeader ReadPng(FileStream stream)
    {
        // Signature, then chunks: length (4, big-endian), type (4), data, CRC (4). IHDR comes first; IEND ends the file.
        stream.Position = PngSignature.Length;
        var chunk = new byte[8];
        ImageSize? size = null;
        while (true)
        {
            if (stream.Length - stream.Position < 12)
            {
                throw Unreadable("truncated PNG: the file ends before its IEND chunk");
            }

            stream.ReadExactly(chunk);
            var length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            var type = System.Text.Encoding.ASCII.GetString(chunk, 4, 4);
            if (size is null)
            {
                if (type != "IHDR" || length < 8)
                {
                    throw Unreadable("malformed PNG: the first chunk is not IHDR");
                }

                var dimensions = new byte[8];
                stream.ReadExactly(dimensions);
                size = new ImageSize(BinaryPrimitives.ReadUInt32BigEndian(dimensions), BinaryPrimitives.ReadUInt32BigEndian(dimensions.AsSpan(4)));
                stream.Position -= 8;
            }

            if (type == "IEND")
            {
                return new ImageHeader("png", [size.Value]);
            }

            if (length > stream.Length - stream.Position - 4)
            {
                throw Unreadable($"truncated PNG: the {type} chunk runs past the end of the file");
            }

            stream.Position += length + 4;
        }
    }

    private static ImageHeader ReadJpeg(FileStream stream)
    {
        // Segments: 0xFF, marker, then (for most markers) a big-endian length that counts itself. The frame header
        // (SOF0–SOF15 but DHT, JPG and DAC) holds precision, height and width. Entropy-coded data follows SOS.
        stream.Position = 2;
        ImageSize? size = null;
        var segment = new byte[2];
        while (true)
        {
            var marker = NextMarker(stream);
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }

            if (marker == 0xD9)
            {
                throw Unreadable("malformed JPEG: end of image before any scan");
            }

            stream.ReadExactly(segment);
            var length = BinaryPrimitives.ReadUInt16BigEndian(segment);
            if (length < 2 || length - 2 > stream.Length - stream.Position)
            {
                throw Unreadable("truncated JPEG: a header segment runs past the end of the file");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var frame = new byte[5];
                stream.ReadExactly(frame);
                size = new ImageSize(BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(1)));
                stream.Position += length - 2 - 5;
                continue;
            }

            if (marker == 0xDA)
            {
                if (size is null)
                {
                    throw Unreadable("malformed JPEG: a scan before the frame header");
                }

                stream.Position += length - 2;
                if (!HasEndOfImage(stream))
                {
                    throw Unreadable("truncated JPEG: the file ends before its end-of-image marker");
                }

                return new ImageHeader("jpeg", [size.Value]);
            }

            stream.Position += length - 2;
        }
    }

    private static int NextMarker(FileStream stream)
    {
        var b = stream.ReadByte();
        if (b < 0)
        {
            throw Unreadable("truncated JPEG: the file ends inside its header");
        }

        if (b != 0xFF)
        {
            throw Unreadable("malformed JPEG: expected a marker");
        }

        int marker;
        do
        {
            marker = stream.ReadByte(); // fill bytes (0xFF) may precede a marker
        }
        while (marker == 0xFF);
        return marker < 0 ? throw Unreadable("truncated JPEG: the file ends inside its header") : marker;
    }

    // In entropy-coded data a 0xFF byte is followed by 0x00 (stuffing) or a restart marker, so 0xFF 0xD9 there is the
    // end-of-image marker itself. Progressive files carry more segments between scans; they are skipped over the same way.
    private static bool HasEndOfImage(FileStream stream)
    {
        var buffer = new byte[64 * 1024];
        var previousWasFf = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (previousWasFf && buffer[i] == 0xD9)
                {
                    return true;
                }

                previousWasFf = buffer[i] == 0xFF;
            }
        }

        return false;
    }

    private static ImageHeader ReadTiff(FileStream stream, int maxPages)
    {
        var header = new byte[8];
        stream.ReadExactly(header);
        var little = header[0] == (byte)'I';
        var magic = Read16(header, 2, little);
        if (magic == 43)
        {
            throw Unreadable("BigTIFF is not supported; save the scan as a classic TIFF, PNG or PDF");
        }

        var pages = new List<ImageSize>();
        var visited = new HashSet<long>();
        long offset = Read32(header, 4, little);
        var count = new byte[2];
        var entry = new byte[12];
        var next = new byte[4];
        while (offset != 0)
        {
            if (!visited.Add(offset) || offset < 8 || offset + 2 > stream.Length)
            {
                throw Unreadable("malformed TIFF: a page directory points outside the file or back to itself");
            }

            if (pages.Count == maxPages)
            {
                throw Unreadable($"the TIFF has more than {maxPages} pages; split it into smaller files");
            }

            stream.Position = offset;
            stream.ReadExactly(count);
            var entries = Read16(count, 0, little);
            long width = 0, height = 0;
            for (var i = 0; i < entries; i++)
            {
                stream.ReadExactly(entry);
                var tag = Read16(entry, 0, little);
                var type = Read16(entry, 2, little);
                if (tag is 256 or 257)
                {
                    // SHORT (3) or LONG (4), one value, stored in the entry itself.
                    long value = type == 3 ? Read16(entry, 8, little) : Read32(entry, 8, little);
                    if (tag == 256)
                    {
                        width = value;
                    }
                    else
                    {
                        height = value;
                    }
                }
            }

            if (width == 0 || height == 0)
            {
                throw Unreadable($"malformed TIFF: page {pages.Count + 1} has no width or height");
            }

            pages.Add(new ImageSize(width, height));
            stream.ReadExactly(next);
            offset = Read32(next, 0, little);
        }

        return pages.Count == 0 ? throw Unreadable("malformed TIFF: no pages") : new ImageHeader("tiff", pages);
    }

    private static ImageHeader ReadWebp(FileStream stream)
    {
        var header = new byte[30];
        stream.ReadExactly(header);
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (riffSize + 8L > stream.Length)
        {
            throw Unreadable("truncated WebP: the file is shorter than its RIFF header says");
        }

        var chunk = System.Text.Encoding.ASCII.GetString(header, 12, 4);
        var data = header.AsSpan(20);
        ImageSize size = chunk switch
        {
            // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
            "VP8 " when data[3] == 0x9D && data[4] == 0x01 && data[5] == 0x2A =>
                new ImageSize(BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF),
            // Lossless: the signature 0x2F, then width−1 and height−1 in 14 bits each.
            "VP8L" when data[0] == 0x2F => LosslessSize(BinaryPrimitives.ReadUInt32LittleEndian(data[1..])),
            // Extended: flags and reserved (4 bytes), then canvas width−1 and height−1 in 24 bits each.
            "VP8X" => new ImageSize(Read24(data[4..]) + 1L, Read24(data[7..]) + 1L),
            _ => throw Unreadable("malformed WebP: no VP8, VP8L or VP8X header"),
        };
        return new ImageHeader("webp", [size]);

        static ImageSize LosslessSize(uint bits) => new((bits & 0x3FFF) + 1L, ((bits >> 14) & 0x3FFF) + 1L);

        static int Read24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);
    }

    private static int Read16(byte[] bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));

    private static long Read32(byte[] bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));

    private static ArchiveException Unreadable(string reason) => new(ArchiveErrorKind.Unreadable, reason);
}
