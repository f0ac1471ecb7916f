using System.Formats.Tar;
using System.IO.Compression;

namespace Archive.Benchmarks;

/// <summary>BBC News full text (2,225 articles in per-topic folders of .txt files), unpacked from its tarball.</summary>
internal static class BbcCorpus
{
    /// <summary>Unpacks <c>bbc-fulltext.tar.gz</c> into <paramref name="outDir"/>; returns the articles as (topic, path).</summary>
    public static List<(string Topic, string Path)> Extract(string bbcDir, string outDir)
    {
        Directory.CreateDirectory(outDir);
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(bbcDir, "bbc-fulltext.tar.gz")), CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gz, outDir, overwriteFiles: true);
        }

        return [.. Directory.EnumerateFiles(outDir, "*.txt", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("README.TXT", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(Path.GetDirectoryName(f)!), f))];
    }
}
