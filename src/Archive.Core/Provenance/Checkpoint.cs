using System.Globalization;
using System.Text;

namespace Archive.Core.Provenance;

/// <summary>
/// A signed statement of the log's size and Merkle root. The body is plain text, one field a line,
/// in the spirit of the transparency-log checkpoint format:
/// <code>
/// archive-log/&lt;archive id&gt;
/// &lt;tree size&gt;
/// &lt;root hash, base64&gt;
/// time &lt;UTC ISO 8601&gt;
/// </code>
/// </summary>
public sealed record Checkpoint(string Origin, long TreeSize, byte[] Root, string Time)
{
    public string Body =>
        string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{TreeSize}\n{Convert.ToBase64String(Root)}\ntime {Time}\n");

    public byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);

    /// <summary>Parses a checkpoint body; null when it is not one.</summary>
    public static Checkpoint? TryParse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var lines = body.Split('\n');
        if (lines.Length != 5 || lines[4].Length != 0 || !lines[3].StartsWith("time ", StringComparison.Ordinal))
        {
            return null;
        }

        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        return root.Length == 32 ? new Checkpoint(lines[0], size, root, lines[3][5..]) : null;
    }
}
