using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Core.Export.Bag;

/// <summary>The names and line formats of a BagIt 1.0 bag (RFC 8493) as Archive writes it.</summary>
internal static class BagFiles
{
    public const string Declaration = "bagit.txt";
    public const string Info = "bag-info.txt";
    public const string Manifest = "manifest-sha256.txt";
    public const string TagManifest = "tagmanifest-sha256.txt";
    public const string Provenance = "provenance";
    public const string Checkpoint = "provenance/checkpoint.txt";
    public const string Signature = "provenance/checkpoint.sig";
    public const string PublicKey = "provenance/public.pem";
    public const string Proofs = "provenance/inclusion-proofs.json";
    public const string Prov = "provenance/events.prov.json";
    /// <summary>In a capture's folder: its current text.</summary>
    public const string CurrentText = "text.txt";

    /// <summary>In a capture's folder: its earlier texts (a re-extracted capture's), each as <c>&lt;sha256 hex&gt;.txt</c>.</summary>
    public const string EarlierTexts = "texts";

    /// <summary>In a capture's folder: every text it has had, oldest first, with its file, extractor and event.</summary>
    public const string TextsIndex = "texts.json";

    public const string DeclarationText = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

    public static string Sha256File(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>One manifest line: the digest, two spaces, the path with % CR LF percent-encoded (RFC 8493 2.1.3).</summary>
    public static string Line(string digest, string relativePath) => $"{digest}  {Encode(relativePath)}\n";

    public static string Encode(string path) => path.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string Decode(string path) => path.Replace("%0A", "\n", StringComparison.OrdinalIgnoreCase).Replace("%0D", "\r", StringComparison.OrdinalIgnoreCase).Replace("%25", "%", StringComparison.Ordinal);

    /// <summary>Reads a manifest: relative path to digest; malformed lines are named in <paramref name="problems"/>.</summary>
    public static Dictionary<string, string> ReadManifest(string bag, string name, List<string> problems)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(bag, name);
        if (!File.Exists(path))
        {
            problems.Add($"{name}: missing");
            return entries;
        }

        var number = 0;
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            number++;
            var split = line.IndexOf(' ', StringComparison.Ordinal);
            if (split != 64 || line.Length < 66)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}:{number}: not \"<sha256>  <path>\""));
                continue;
            }

            entries[Decode(line[split..].TrimStart(' ', '*'))] = line[..split].ToLowerInvariant();
        }

        return entries;
    }

    /// <summary>Every file under <paramref name="folder"/>, as bag-relative paths with forward slashes.</summary>
    public static IEnumerable<string> FilesUnder(string bag, string folder)
    {
        var root = Path.Combine(bag, folder);
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(bag, f).Replace(Path.DirectorySeparatorChar, '/'))
            : [];
    }
}
