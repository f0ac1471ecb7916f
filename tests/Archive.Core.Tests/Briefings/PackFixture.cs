using Archive.Core.Storage;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests.Briefings;

/// <summary>A temporary archive holding the five sample sources and a short Arabic document, for pack tests.</summary>
public sealed class PackFixture : IDisposable
{
    public const string ArabicSentence = "أعلنت السلطات في مدينة الحسكة أن عشرات السجناء فرّوا من سجن الصناعة بعد هجوم مسلح.";

    public PackFixture()
    {
        Root = _scratch.Workspace;
        Archive = _scratch.Services;

        var arabicDir = Path.Combine(Root, "arabic");
        Directory.CreateDirectory(arabicDir);
        File.WriteAllText(Path.Combine(arabicDir, "hasakah-ar.txt"), "الحسكة\n" + ArabicSentence + "\nوقالت مصادر محلية إن عمليات البحث مستمرة.\n");
        File.WriteAllText(Path.Combine(arabicDir, "hasakah-ar.txt.meta.json"), """{"title": "خبر عن سجن الحسكة", "language": "ar", "source_type": "article", "slug": "hasakah-ar", "reliability": "C3"}""");

        var outcomes = _scratch.IngestSamples("tests", arabicDir);
        if (outcomes.Count != 6 || outcomes.Any(o => o.Status != IngestStatus.Ingested))
        {
            throw new InvalidOperationException("fixture ingest failed: " + string.Join("; ", outcomes.Select(o => $"{o.Status} {o.Reason}")));
        }

        _pack = new Lazy<PackResult>(() =>
        {
            var brief = File.ReadAllText(Golden("golden-brief.md")) + "\nAn Arabic report [@hasakah-ar \"" + ArabicSentence + "\"] and the same in English context.\n";
            var path = WriteBrief("golden-with-arabic.md", brief);
            var result = Archive.PackBuilder(new ChromiumPdfPrinter(), Templates).Build(path, Path.Combine(Root, "out", "golden.pdf"), "tests");
            return result.IsBuilt ? result : throw new InvalidOperationException(string.Join("\n", result.Check.Problems));
        });
    }

    /// <summary>The golden brief plus an Arabic quote, built once into a PDF pack.</summary>
    internal PackResult Pack => _pack.Value;

    private readonly Lazy<PackResult> _pack;
    private readonly ScratchArchive _scratch = new();

    public string Root { get; }

    internal ArchiveCore Archive { get; }

    public static string Templates => Repository.Templates;

    public static string Golden(string name) => Path.Combine(Repository.Root, "tests", "Archive.Core.Tests", "Briefings", "golden", name);

    public string WriteBrief(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _scratch.Dispose();
}
