using Archive.Core.Storage;
using System.Text;
using System.Text.Json;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;

namespace Archive.Web.Tests;

/// <summary>
/// A <see cref="TestArchive"/> plus three documents with metadata for filters and facets (one Arabic, one whose
/// publisher is full of query syntax) and an alias set, so that searches show every kind of match.
/// </summary>
public sealed class SearchArchive : IDisposable
{
    /// <summary>A publisher that would break the query if a filter did not quote it.</summary>
    public const string OddPublisher = "Al-Khabar (\"Daily\") AND *News* \\";

    public const string ArabicTitle = "هروب من سجن الحسكة";

    public SearchArchive()
    {
        var root = Archive.Root;
        File.WriteAllText(Path.Combine(root, "aliases.txt"), "Hasakah | Hasakeh | al-Hasakah | الحسكة\n", new UTF8Encoding(false));
        var incoming = Path.Combine(root, "incoming-search");
        Directory.CreateDirectory(incoming);
        Write(incoming, "prison.txt", "Prison break in Hasakah\n\nDozens of detainees escaped from the Ghweiran prison on Thursday night. Guards said the detainees broke a wall.\n", new()
        {
            ["publisher"] = OddPublisher, ["source_type"] = "report", ["language"] = "en", ["published"] = "2025-03-01", ["tags"] = new[] { "alpha", "beta gamma" },
        });
        Write(incoming, "arabic.txt", ArabicTitle + "\n\nفر عشرات المعتقلين من سجن غويران في الحسكة ليلة الخميس.\n", new()
        {
            ["publisher"] = "Enab Baladi", ["source_type"] = "article", ["language"] = "ar", ["published"] = "2024-11-20", ["tags"] = new[] { "alpha" },
        });
        Write(incoming, "water.txt", "Hasakeh water crisis\n\nThe Alouk water station stopped pumping, and the city went without water.\n", new()
        {
            ["publisher"] = "Reuters", ["source_type"] = "statement", ["language"] = "en", ["published"] = "2023",
        });

        using var archive = ArchiveCore.Open(new ArchiveLayout(root), TimeProvider.System);
        var outcomes = archive.Ingestor.Ingest(new IngestRequest([incoming], new Dictionary<string, FieldValue>(), "test-setup"), null, default);
        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Ingested, o.Status));
        PrisonId = outcomes.Single(o => o.Path.EndsWith("prison.txt", StringComparison.Ordinal)).CaptureId!.Value;
        ArabicId = outcomes.Single(o => o.Path.EndsWith("arabic.txt", StringComparison.Ordinal)).CaptureId!.Value;
    }

    public TestArchive Archive { get; } = new();

    public CaptureId PrisonId { get; }

    public CaptureId ArabicId { get; }

    public void Dispose() => Archive.Dispose();

    private static void Write(string folder, string name, string text, Dictionary<string, object> meta)
    {
        File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, name + ".meta.json"), JsonSerializer.Serialize(meta), new UTF8Encoding(false));
    }
}
