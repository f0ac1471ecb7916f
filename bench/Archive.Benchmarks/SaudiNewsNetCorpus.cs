using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Archive.Benchmarks;

/// <summary>Writes SaudiNewsNet articles as .txt files with sidecars mapping url, source, author and date_extracted to provenance.</summary>
internal static class SaudiNewsNetCorpus
{
    public static (int Documents, long Bytes) WriteFiles(string dir, string outDir, int limit = int.MaxValue)
    {
        Directory.CreateDirectory(outDir);
        var count = 0;
        long bytes = 0;
        foreach (var zip in Directory.GetFiles(dir, "*.zip").Order(StringComparer.Ordinal))
        {
            using var archive = ZipFile.OpenRead(zip);
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var doc = JsonDocument.Parse(stream);
                foreach (var article in doc.RootElement.EnumerateArray())
                {
                    if (count >= limit)
                    {
                        return (count, bytes);
                    }

                    string Field(string name) => article.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : string.Empty;
                    var title = new string(Field("title").Where(c => !char.IsControl(c)).ToArray()).Trim();
                    var content = Field("content");
                    if (content.Length == 0)
                    {
                        continue;
                    }

                    var path = Path.Combine(outDir, $"snn-{count:D5}.txt");
                    var utf8 = Encoding.UTF8.GetBytes((title.Length > 0 ? title + "\n\n" : string.Empty) + content + "\n");
                    File.WriteAllBytes(path, utf8);
                    bytes += utf8.Length;
                    var meta = new Dictionary<string, object> { ["language"] = "ar", ["source_type"] = "article", ["tags"] = new[] { "saudinewsnet" } };
                    if (title.Length > 0)
                    {
                        meta["title"] = title;
                    }

                    if (Field("source") is { Length: > 0 } source)
                    {
                        meta["publisher"] = source;
                    }

                    if (Field("author") is { Length: > 0 } author)
                    {
                        meta["authors"] = new[] { author };
                    }

                    if (Field("url") is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out _))
                    {
                        meta["source_url"] = url;
                    }

                    if (Field("date_extracted") is { Length: 19 } extracted)
                    {
                        meta["captured_at"] = extracted.Replace(' ', 'T');
                    }

                    File.WriteAllText(path + ".meta.json", JsonSerializer.Serialize(meta));
                    count++;
                }
            }
        }

        return (count, bytes);
    }
}
