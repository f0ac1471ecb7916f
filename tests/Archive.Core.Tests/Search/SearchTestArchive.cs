using Archive.Core.Storage;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Search;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Search;

/// <summary>
/// A temporary archive on real SQLite: the repo's <c>archive/aliases.txt</c>, the repo's sample sources, and a few
/// extra documents written here (emoji and astral characters before the matches, Arabic with and without
/// tashkeel, metadata for fields, facets and sorting, and identical-length documents for ties). Never touches the
/// repo's <c>archive/</c> beyond reading it.
/// </summary>
internal sealed class SearchTestArchive : IDisposable
{
    /// <summary>Extra documents by file name: text, and sidecar JSON or null.</summary>
    public static readonly IReadOnlyList<(string Name, string Text, string? Sidecar)> ExtraDocuments =
    [
        ("emoji.txt",
            "Emoji dispatch 🎉\n"
            + "😀😀😀 👨‍👩‍👧 🇸🇾 An early line with 𝐁𝐨𝐥𝐝 letters and zephyr signals.\n"
            + "𝄞 Music first, then news: ISIS fighters attacked the Ghweiran prison near Hasakah. 👍🏽 The zephyr checkpoint stayed open.\n"
            + "Witnesses said \"the prison break began at dawn\" and 🙏 waited. Café owners in Hasakah counted the détenus.\n",
            null),
        ("breaks.txt", "Regional roundup\nTwo prison breaks were reported this winter, both contained by guards.\n", null),
        ("isis-only.txt", "Checkpoint note\nISIS claimed the checkpoint ambush overnight.\n", null),
        ("ar-hasakah.txt", "تقرير ميداني\nأغلقت الطرق بين القامشلي والحسكه صباح الأحد بعد اشتباكات عنيفة.\n", null),
        ("ar-tashkeel.txt", "خبر مشكول\nهَرَبَ السُّجَنَاءُ مِنَ السِّجْنِ المَرْكَزِيِّ لَيْلًا، وأُعِيدَ بَعْضُهُمْ فِي الـصـبـاح.\n", null),
        ("ar-daesh.txt", "بيان قصير\nأعلن داعش مسؤوليته عن الهجوم على نقطة التفتيش.\n", null),
        ("ledger-1.txt", "Ledger one\nThe quarterly ledger audit covered grain stores.\n",
            """{ "publisher": "Northern Ledger", "published": "2024-03-05", "source_type": "report", "language": "en", "tags": ["ledger", "audit"] }"""),
        ("ledger-2.txt", "Ledger two\nA ledger entry for fuel convoys was disputed.\n",
            """{ "publisher": "Southern Wire", "published": "2025-07-01", "source_type": "statement", "language": "en", "tags": ["ledger"] }"""),
        ("ledger-3.txt", "Ledger three\nThe ledger of detainee transfers was leaked.\n",
            """{ "publisher": "Northern Ledger", "published": "2023", "source_type": "article", "language": "en", "tags": ["ledger", "leak"] }"""),
        ("ledger-4.txt", "Ledger four\nNo date was given for this ledger memo.\n",
            """{ "source_type": "other", "language": "en" }"""),
        ("tie-1.txt", "Tiebreak\nquokka sighting alpha\n", null),
        ("tie-2.txt", "Tiebreak\nquokka sighting bravo\n", null),
        ("tie-3.txt", "Tiebreak\nquokka sighting charlie\n", null),
        ("tie-4.txt", "Tiebreak\nquokka sighting delta\n", null),
        ("tie-5.txt", "Tiebreak\nquokka sighting echo\n", null),
        ("tie-6.txt", "Tiebreak\nquokka sighting foxtrot\n", null),
    ];

    private readonly ScratchArchive _scratch = new();
    private readonly Dictionary<string, CaptureId> _idByFile = new(StringComparer.Ordinal);
    private readonly Dictionary<CaptureId, string> _textById = [];

    /// <param name="moreDocuments">Further documents (name, text) for one test, ingested after the others.</param>
    public SearchTestArchive(IEnumerable<(string Name, string Text)>? moreDocuments = null)
    {
        Root = _scratch.Root;
        _scratch.UseRepositoryAliases();

        var extra = _scratch.Inputs;
        var utf8 = new UTF8Encoding(false);
        foreach (var (name, text, sidecar) in ExtraDocuments)
        {
            File.WriteAllText(Path.Combine(extra, name), text, utf8);
            if (sidecar is not null)
            {
                File.WriteAllText(Path.Combine(extra, name + ".meta.json"), sidecar, utf8);
            }
        }

        foreach (var (name, text) in moreDocuments ?? [])
        {
            File.WriteAllText(Path.Combine(extra, name), text, utf8);
        }

        Archive = _scratch.Services;
        var extras = Directory.GetFiles(extra, "*.txt").Order(StringComparer.Ordinal).ToArray();
        var outcomes = _scratch.IngestSamples("search-tests", extras);
        var reader = Archive.Catalog;
        foreach (var outcome in outcomes)
        {
            Assert.True(outcome.Status == IngestStatus.Ingested, $"{outcome.Path}: {outcome.Status} {outcome.Reason}");
            var id = outcome.CaptureId!.Value;
            _idByFile[Path.GetFileName(outcome.Path)] = id;
            _textById[id] = reader.ReadText(reader.Show(id)!.Capture);
        }

        Searcher = Archive.Searcher;
    }

    /// <summary>The folder holding Archive.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot => Repository.Root;

    public string Root { get; }

    public ArchiveCore Archive { get; }

    public Searcher Searcher { get; }

    /// <summary>Sample source file names (for example <c>000_8970b555c56b5fc6.txt</c>) and extra document names.</summary>
    public IReadOnlyCollection<string> FileNames => _idByFile.Keys;

    public CaptureId IdOf(string fileName) => _idByFile[fileName];

    /// <summary>The file name a capture id was ingested from.</summary>
    public string FileOf(CaptureId captureId) => _idByFile.Single(p => p.Value == captureId).Key;

    public string TextOf(CaptureId captureId) => _textById[captureId];

    /// <summary>The capture a catalog rowid names.</summary>
    public CaptureId RowOf(long rowId)
    {
        using var connection = Archive.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM captures WHERE rowid = $row";
        command.Parameters.AddWithValue("$row", rowId);
        return CaptureId.Parse((string)command.ExecuteScalar()!);
    }

    /// <summary>Runs a search and fails the test on a query error.</summary>
    public SearchResponse Search(string query, int limit = SearchRequest.MaxLimit, bool aliases = true, SearchSort sort = SearchSort.Relevance, int offset = 0, int passages = 3)
    {
        var response = Searcher.Search(new SearchRequest(query, limit, offset, sort, aliases, passages));
        Assert.True(response.Error is null, $"{query}: {response.Error}");
        return response;
    }

    /// <summary>The file names of every hit of <paramref name="query"/>, in order.</summary>
    public List<string> Files(string query, bool aliases = true, SearchSort sort = SearchSort.Relevance) =>
        Search(query, aliases: aliases, sort: sort, passages: 0).Hits.Select(h => FileOf(h.Id)).ToList();

    public void Dispose() => _scratch.Dispose();
}
