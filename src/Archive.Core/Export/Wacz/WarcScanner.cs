using System.Globalization;
using System.Text;

namespace Archive.Core.Export.Wacz;

/// <summary>
/// Walks the records of an uncompressed WARC file (as Archive writes them: the capture's original) by their
/// Content-Length, without reading blocks into memory beyond the HTTP head of <c>response</c> records. Throws
/// <see cref="ArchiveException"/> (<see cref="ArchiveErrorKind.Unreadable"/>) on anything that is not WARC.
/// </summary>
internal static class WarcScanner
{
    private const int MaxHeadBytes = 64 * 1024;

    public static IEnumerable<WarcRecordHead> Records(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        while (stream.Position < stream.Length)
        {
            var offset = stream.Position;
            var head = ReadHead(stream, path, offset);
            var lines = head.Split("\r\n");
            if (!lines[0].StartsWith("WARC/", StringComparison.Ordinal))
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{path}: no WARC record at byte {offset}");
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            if (!fields.TryGetValue("Content-Length", out var lengthText) || !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var blockLength))
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{path}: the WARC record at byte {offset} has no valid Content-Length");
            }

            var blockStart = stream.Position;
            int? status = null;
            string? contentType = null;
            if (fields.GetValueOrDefault("WARC-Type") == "response" && fields.GetValueOrDefault("Content-Type", string.Empty).StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
            {
                (status, contentType) = HttpHead(stream, blockLength);
            }

            var end = blockStart + blockLength + 4;
            if (end > stream.Length)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{path}: the WARC record at byte {offset} runs past the end of the file");
            }

            stream.Position = end;
            yield return new WarcRecordHead(offset, end - offset, fields, status, contentType);
        }
    }

    private static string ReadHead(Stream stream, string path, long offset)
    {
        var bytes = new List<byte>(512);
        while (bytes.Count < 4 || bytes[^4] != '\r' || bytes[^3] != '\n' || bytes[^2] != '\r' || bytes[^1] != '\n')
        {
            var b = stream.ReadByte();
            if (b < 0 || bytes.Count > MaxHeadBytes)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"{path}: the WARC record at byte {offset} has no complete header");
            }

            bytes.Add((byte)b);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>The status code and Content-Type of the HTTP response at the start of a block.</summary>
    private static (int? Status, string? ContentType) HttpHead(Stream stream, long blockLength)
    {
        var buffer = new byte[(int)Math.Min(blockLength, MaxHeadBytes)];
        stream.ReadExactly(buffer);
        var text = Encoding.Latin1.GetString(buffer);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (end >= 0 ? text[..end] : text).Split("\r\n");
        // Interim 1xx responses come first in the same block; the final response is the one that counts.
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("HTTP/", StringComparison.Ordinal))
            {
                start = i;
            }
        }

        var parts = lines[start].Split(' ', 3);
        int? status = parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
        var contentType = lines.Skip(start + 1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim())
            .FirstOrDefault();
        return (status, contentType);
    }
}
