using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Archive.Benchmarks;

/// <summary>Splits Reuters-21578 SGML into one .txt per article with a JSON sidecar (title, date, publisher).</summary>
internal static partial class ReutersCorpus
{
    public static (int Documents, long Bytes) WriteFiles(string reutersDir, string outDir, int limit = int.MaxValue)
    {
        Directory.CreateDirectory(outDir);
        var latin1 = Encoding.Latin1;
        var count = 0;
        long bytes = 0;
        foreach (var file in Directory.GetFiles(reutersDir, "reut2-*.sgm.gz").Order(StringComparer.Ordinal))
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, latin1);
            var sgml = reader.ReadToEnd();
            foreach (Match m in Article().Matches(sgml))
            {
                if (count >= limit)
                {
                    return (count, bytes);
                }

                var id = m.Groups["id"].Value;
                var body = m.Groups["body"].Value;
                var title = new string(Tag(body, "TITLE").ReplaceLineEndings(" ").Where(c => !char.IsControl(c)).ToArray());
                var text = Tag(body, "BODY");
                if (text.Length == 0)
                {
                    text = Regex.Replace(Tag(body, "TEXT"), "<[^>]+>", " ");
                }

                var date = Tag(body, "DATE");
                var content = (title.Length > 0 ? title + "\n\n" : string.Empty) + text.Trim() + "\n";
                content = new string(content.Where(c => c == '\n' || c == '\t' || !char.IsControl(c)).ToArray());
                var path = Path.Combine(outDir, $"reut-{int.Parse(id, System.Globalization.CultureInfo.InvariantCulture):D5}.txt");
                var utf8 = Encoding.UTF8.GetBytes(content);
                File.WriteAllBytes(path, utf8);
                bytes += utf8.Length;
                var meta = new Dictionary<string, object> { ["publisher"] = "Reuters", ["source_type"] = "article", ["tags"] = new[] { "reuters21578" } };
                if (title.Length > 0)
                {
                    meta["title"] = title;
                }

                if (DateTime.TryParseExact(date.Split('.')[0].Trim(), "d-MMM-yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var published))
                {
                    meta["published"] = published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                }

                File.WriteAllText(path + ".meta.json", JsonSerializer.Serialize(meta));
                count++;
            }
        }

        return (count, bytes);
    }

    private static string Tag(string body, string tag)
    {
        var start = body.IndexOf("<" + tag, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start = body.IndexOf('>', start) + 1;
        var end = body.IndexOf("</" + tag + ">", start, StringComparison.Ordinal);
        return end < 0 ? string.Empty : WebUtility.HtmlDecode(body[start..end]).Trim();
    }

    [GeneratedRegex("<REUTERS[^>]*NEWID=\"(?<id>\\d+)\"[^>]*>(?<body>.*?)</REUTERS>", RegexOptions.Singleline)]
    private static partial Regex Article();
}
