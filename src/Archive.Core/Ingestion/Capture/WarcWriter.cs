using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Writes an uncompressed WARC 1.1 file (ISO 28500:2017): one <c>warcinfo</c> record first, then records appended
/// one at a time under a lock (the proxy's connections finish in any order), or copied from a spool. Every record carries
/// <c>WARC-Block-Digest</c>; <c>request</c> and <c>response</c> records carry <c>WARC-Payload-Digest</c> over the
/// HTTP entity body (chunked transfer coding removed, content coding kept). Digests are <c>sha256:</c> and
/// lowercase hex.
/// </summary>
internal sealed class WarcWriter : IDisposable
{
    private static readonly byte[] RecordEnd = "\r\n\r\n"u8.ToArray();
    private readonly Lock _lock = new();
    private readonly FileStream _output;
    private readonly TimeProvider _clock;

    /// <param name="warcinfoId">The id of the warcinfo record the records refer to (a spool shares its final file's).</param>
    public WarcWriter(string path, TimeProvider clock, string warcinfoId)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(warcinfoId);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Path = path;
        WarcinfoId = warcinfoId;
        _output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
    }

    public string Path { get; }

    /// <summary>The <c>WARC-Warcinfo-ID</c> every record carries.</summary>
    public string WarcinfoId { get; }

    /// <summary>How many records have been written.</summary>
    public int Records { get; private set; }

    /// <summary>Writes the <c>warcinfo</c> record that every later record refers to.</summary>
    public void WriteInfo(IEnumerable<KeyValuePair<string, string>> fields) =>
        Write("warcinfo", WarcinfoId, _clock.GetUtcNow(), null, "application/warc-fields", Fields(fields), extra: []);

    /// <summary>A new record id, <c>&lt;urn:uuid:…&gt;</c>.</summary>
    public static string NewId() => $"<urn:uuid:{Guid.NewGuid():D}>";

    /// <summary>Copies records written by another writer (a spool) byte for byte.</summary>
    public void CopyRecords(WarcWriter spool, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(spool);
        lock (_lock)
        {
            spool._output.Flush();
            using var source = new FileStream(spool.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            source.Position = offset;
            var buffer = new byte[1 << 16];
            var left = length;
            while (left > 0)
            {
                var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new EndOfStreamException($"the spool {spool.Path} ended inside a record");
                }

                _output.Write(buffer, 0, read);
                left -= read;
            }

            Records += 2;
        }
    }

    /// <summary>
    /// Writes a request record and the response record that answers it (the request refers to it with
    /// WARC-Concurrent-To); returns where the pair starts in the file and how long it is.
    /// </summary>
    public (long Offset, long Length) WriteExchange(RecordedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var responseId = NewId();
        var target = exchange.TargetUri.AbsoluteUri;
        var requestExtra = new List<KeyValuePair<string, string>> { new("WARC-Concurrent-To", responseId), new("WARC-IP-Address", exchange.Address) };
        if (exchange.RequestPayloadDigest is not null)
        {
            requestExtra.Add(new("WARC-Payload-Digest", Digest(exchange.RequestPayloadDigest)));
        }

        var responseExtra = new List<KeyValuePair<string, string>>
        {
            new("WARC-IP-Address", exchange.Address),
            new("WARC-Payload-Digest", Digest(exchange.PayloadDigest)),
        };
        if (exchange.Truncated is not null)
        {
            responseExtra.Add(new("WARC-Truncated", exchange.Truncated));
        }

        lock (_lock)
        {
            var offset = _output.Position;
            Write("request", NewId(), exchange.Date, target, "application/http;msgtype=request", exchange.Request, requestExtra);
            Write("response", responseId, exchange.Date, target, "application/http;msgtype=response", exchange.Response, responseExtra);
            return (offset, _output.Position - offset);
        }
    }

    /// <summary>Writes a <c>resource</c> record (the rendered DOM).</summary>
    public void WriteResource(string targetUri, string contentType, byte[] block)
    {
        lock (_lock)
        {
            Write("resource", NewId(), _clock.GetUtcNow(), targetUri, contentType, block, []);
        }
    }

    /// <summary>Writes a <c>metadata</c> record about <paramref name="targetUri"/> in <c>application/warc-fields</c> form.</summary>
    public void WriteMetadata(string targetUri, IEnumerable<KeyValuePair<string, string>> fields)
    {
        lock (_lock)
        {
            Write("metadata", NewId(), _clock.GetUtcNow(), targetUri, "application/warc-fields", Fields(fields), []);
        }
    }

    /// <summary>Flushes the file to disk.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _output.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _output.Dispose();

    /// <summary>A WARC-Date: UTC, W3C form, with the fractional seconds WARC 1.1 allows.</summary>
    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static byte[] Fields(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            // A field value is one line: line breaks inside a value (a page title, say) would start a false field.
            text.Append(name).Append(": ").Append(value.ReplaceLineEndings(" ")).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Digest(byte[] sha256) => "sha256:" + Convert.ToHexStringLower(sha256);

    private void Write(string type, string id, DateTimeOffset date, string? target, string contentType, byte[] block, IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        var head = new StringBuilder("WARC/1.1\r\n");
        head.Append("WARC-Type: ").Append(type).Append("\r\n");
        head.Append("WARC-Record-ID: ").Append(id).Append("\r\n");
        head.Append("WARC-Date: ").Append(FormatDate(date)).Append("\r\n");
        if (target is not null)
        {
            head.Append("WARC-Target-URI: ").Append(target).Append("\r\n");
        }

        if (type != "warcinfo")
        {
            head.Append("WARC-Warcinfo-ID: ").Append(WarcinfoId).Append("\r\n");
        }

        foreach (var (name, value) in extra)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("WARC-Block-Digest: ").Append(Digest(SHA256.HashData(block))).Append("\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("Content-Length: ").Append(block.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        _output.Write(Encoding.UTF8.GetBytes(head.ToString()));
        _output.Write(block);
        _output.Write(RecordEnd);
        Records++;
    }
}
