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

            var relative = Decode(line[split..].TrimStart(' ', '*'));
            if (!entries.TryAdd(relative, line[..split].ToLowerInvariant()))
            {
                // sha256sum -c checks every line; taking one of two digests for a path would check less than it does.
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}:{number}: {relative} is listed again"));
            }
        }

        return entries;
    }

    /// <summary>
    /// Every symbolic link in the bag, as bag-relative paths with forward slashes, found without following any: a
    /// link would have the checks read a file or folder outside the bag (or loop), so a bag may not hold one.
    /// </summary>
    public static List<string> Links(string bag)
    {
        var links = new List<string>();
        var folders = new Stack<string>([bag]);
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false };
        while (folders.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(folders.Pop()).EnumerateFileSystemInfos("*", options))
            {
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    links.Add(Path.GetRelativePath(bag, entry.FullName).Replace(Path.DirectorySeparatorChar, '/'));
                }
                else if (entry is DirectoryInfo)
                {
                    folders.Push(entry.FullName);
                }
            }
        }

        links.Sort(StringComparer.Ordinal);
        return links;
    }

    /// <summary>
    /// The name an original is written under in a bag: the file name it was ingested with, control characters, slashes
    /// and % replaced (a manifest line holds one path), or "original" when nothing usable is left.
    /// </summary>
    public static string OriginalFileName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        var safe = new string([.. file.Select(c => char.IsControl(c) || c is '/' or '%' ? '_' : c)]);
        return safe is "" or "." or ".." ? "original" : safe;
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
