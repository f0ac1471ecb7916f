using Archive.Core.Storage;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;

namespace Archive.Core.Tests.Briefings;

/// <summary>A brief quoting a real Arabic newspaper article (SaudiNewsNet, read from ../shared/data) round-trips through the PDF.</summary>
public sealed class SaudiNewsNetQuoteTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "archive-snn-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Build_QuoteFromSaudiNewsNetArticle_LettersRoundTripThroughPdftotextInOrder()
    {
        var (title, content, url) = FirstArticle();
        var sentence = content.Split(['\n', '.', '؛'], StringSplitOptions.TrimEntries).First(s => s.Length is > 60 and < 240 && !s.Contains('"', StringComparison.Ordinal));
        var docs = Directory.CreateDirectory(Path.Combine(_root, "docs")).FullName;
        File.WriteAllText(Path.Combine(docs, "snn.txt"), title + "\n\n" + content + "\n");
        File.WriteAllText(Path.Combine(docs, "snn.txt.meta.json"), JsonSerializer.Serialize(new { title, language = "ar", source_url = url, slug = "snn-article" }));
        var layout = new ArchiveLayout(Path.Combine(_root, "archive"));
        ArchiveCore.Initialize(layout, TimeProvider.System);
        using var archive = ArchiveCore.Open(layout, TimeProvider.System);
        var outcome = archive.Ingestor.Ingest(new IngestRequest([docs], new Dictionary<string, FieldValue>(), "tests"), null, CancellationToken.None).Single();
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var brief = Path.Combine(_root, "brief.md");
        File.WriteAllText(brief, $"---\ntitle: Arabic quote\n---\n\nThe article says [@snn-article \"{sentence}\"].\n", new UTF8Encoding(false));

        var pack = archive.PackBuilder(new ChromiumPdfPrinter(), Path.Combine(Repository.Root, "templates")).Build(brief, Path.Combine(_root, "out", "snn.pdf"), "tests");

        Assert.True(pack.IsBuilt, string.Join("\n", pack.Check.Problems));
        var pdfText = Run("pdftotext", "-enc", "UTF-8", pack.PdfPath!, "-");
        Assert.Contains(Letters(sentence), Letters(pdfText), StringComparison.Ordinal);
    }

    /// <summary>Letters and digits only, after NFKC (pdftotext may give presentation forms and moves bidi punctuation).</summary>
    private static string Letters(string text) => new(text.Normalize(NormalizationForm.FormKC).Where(char.IsLetterOrDigit).ToArray());

    private static (string Title, string Content, string Url) FirstArticle()
    {
        var zip = Path.Combine(SharedData(), "saudinewsnet", "2015-07-21.zip");
        using var archive = ZipFile.OpenRead(zip);
        using var stream = archive.Entries[0].Open();
        using var json = JsonDocument.Parse(stream);
        var article = json.RootElement[0];
        return (article.GetProperty("title").GetString()!, article.GetProperty("content").GetString()!, article.GetProperty("url").GetString()!);
    }

    private static string SharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "saudinewsnet")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no shared/data/saudinewsnet in any ancestor of {AppContext.BaseDirectory}");
    }

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
