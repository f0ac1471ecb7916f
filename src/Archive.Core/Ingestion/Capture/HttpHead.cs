using System.Text;

namespace Archive.Core.Ingestion.Capture;

/// <summary>The start line and header fields of one HTTP/1.x message, parsed from its raw bytes (kept as they came).</summary>
internal sealed class HttpHead
{
    private HttpHead(byte[] raw, string startLine, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        Raw = raw;
        StartLine = startLine;
        Fields = fields;
    }

    /// <summary>The head exactly as read, up to and including the empty line.</summary>
    public byte[] Raw { get; }

    public string StartLine { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    /// <summary>Parses a head; null when the start line or a field line is malformed.</summary>
    public static HttpHead? Parse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        // Latin-1 maps every byte to one character, so nothing is lost or rejected while parsing.
        var text = Encoding.Latin1.GetString(raw);
        var lines = text.Split('\n');
        var startLine = lines[0].TrimEnd('\r');
        if (startLine.Length == 0)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Select(l => l.TrimEnd('\r')))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            fields.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return new HttpHead(raw, startLine, fields);
    }

    /// <summary>The first value of a field, matched case-insensitively.</summary>
    public string? Get(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>True when a comma-separated field (Transfer-Encoding, Connection) lists <paramref name="token"/>.</summary>
    public bool Lists(string name, string token) =>
        Fields.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(f => f.Value.Split(','))
            .Any(v => string.Equals(v.Trim(), token, StringComparison.OrdinalIgnoreCase));

    /// <summary>The status code of a response head, or 0 when the start line is not a status line.</summary>
    public int StatusCode
    {
        get
        {
            var parts = StartLine.Split(' ', 3);
            return parts.Length >= 2 && parts[0].StartsWith("HTTP/", StringComparison.Ordinal) && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : 0;
        }
    }

    /// <summary>The body length a Content-Length field declares, or null (absent or invalid).</summary>
    public long? ContentLength =>
        long.TryParse(Get("Content-Length"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : null;
}
