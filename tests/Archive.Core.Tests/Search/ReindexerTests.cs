using Archive.Core.Storage;
using Archive.Core.Catalog;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class ReindexerTests : IDisposable
{
    private readonly SearchTestArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    /// <summary>Every hit of every varied query: id, score, why, and each passage's offsets and citation.</summary>
    private List<string> Snapshot() =>
    [
        .. SearcherTests.VariedQueries.SelectMany(query => _archive.Search(query, passages: 20).Hits.Select(hit =>
            $"{query} | {hit.Id} | {hit.Score:R} | {string.Join("; ", hit.Why)} | "
            + string.Join(" ", hit.Passages.Select(p => $"[{p.Start},{p.End}) {p.Citation}")))),
    ];

    /// <summary>Deletes every document of the index behind Archive's back, keeping the commit's position.</summary>
    private void EmptyTheIndex()
    {
        using var directory = FSDirectory.Open(_archive.Archive.Layout.IndexPath);
        var infos = new SegmentInfos();
        infos.Read(directory);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()));
        writer.DeleteAll();
        writer.SetCommitData(infos.UserData);
        writer.Commit();
    }

    [Fact]
    public void Search_IndexHoldsACaptureTheCatalogLacks_ShowsTheOthersAndSaysWhy()
    {
        var ghost = _archive.IdOf("isis-only.txt");
        Assert.Contains(_archive.Search("ambush").Hits, h => h.Id == ghost);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_archive.Archive.Layout.CatalogPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The index keeps it; the catalog (restored from an older copy, say) no longer has it.
            command.CommandText = "PRAGMA foreign_keys=OFF; DELETE FROM captures WHERE id = $id";
            command.Parameters.AddWithValue("$id", ghost.Value);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var response = _archive.Search("ambush OR hasakah");

        Assert.Null(response.Error);
        Assert.NotEmpty(response.Hits);
        Assert.DoesNotContain(response.Hits, h => h.Id == ghost);
        Assert.Contains(response.Notes, n => n.Contains("1 hit(s) not shown: the search index holds captures the catalog does not", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(".tim")]
    [InlineData(".fdt")]
    [InlineData(".si")]
    public void Search_IndexFileDamaged_SaysToReindexAndVerifyReportsIt(string extension)
    {
        var layout = _archive.Archive.Layout;
        var damaged = System.IO.Directory.GetFiles(layout.IndexPath, "*" + extension);
        Assert.NotEmpty(damaged);
        foreach (var file in damaged)
        {
            if (extension is ".tim" or ".si")
            {
                File.Delete(file);
            }
            else
            {
                using var stream = new System.IO.FileStream(file, System.IO.FileMode.Open);
                stream.SetLength(Math.Min(stream.Length, 40));
            }
        }

        using (var other = ArchiveCore.Open(layout, TimeProvider.System))
        {
            var response = other.Searcher.Search(new SearchRequest("hasakah"));
            var report = other.Verifier.Verify("test", record: false, null, CancellationToken.None);

            Assert.NotNull(response.Error);
            Assert.Contains("the search index cannot be read", response.Error!.Message, StringComparison.Ordinal);
            Assert.Contains("run `archive reindex`", response.Error.Message, StringComparison.Ordinal);
            // One finding, the index's: every other check still ran and found nothing wrong.
            var finding = Assert.Single(report.Problems);
            Assert.Equal("index", finding.Kind);
            Assert.Contains("the search index cannot be read", finding.Detail!, StringComparison.Ordinal);
            Assert.True(report.BlobsChecked >= _archive.FileNames.Count);
        }

        _archive.Archive.Reindexer.Reindex(null, CancellationToken.None);
        using var repaired = ArchiveCore.Open(layout, TimeProvider.System);
        Assert.NotEmpty(repaired.Searcher.Search(new SearchRequest("hasakah")).Hits);
    }

    [Theory]
    [InlineData(".tim")]
    [InlineData(".doc")]
    public void Verify_IndexFileOverwrittenBetweenHeaderAndFooter_OneIndexFindingAndTheRestOfTheReport(string extension)
    {
        // Lucene reports such damage as whatever the garbage leads it to ("Version: 42317 is not supported", "Unknown
        // format id: 309", "Invalid VInt32 detected"), none of which verify took for damage: it stopped with no report.
        var layout = _archive.Archive.Layout;
        var random = new Random(7);
        foreach (var file in System.IO.Directory.GetFiles(layout.IndexPath, "*" + extension))
        {
            var bytes = File.ReadAllBytes(file);
            random.NextBytes(bytes.AsSpan(64, bytes.Length - 64 - 16));
            File.WriteAllBytes(file, bytes);
        }

        using var other = ArchiveCore.Open(layout, TimeProvider.System);
        var report = other.Verifier.Verify("test", record: false, null, CancellationToken.None);

        var finding = Assert.Single(report.Problems);
        Assert.Equal("index", finding.Kind);
        Assert.Contains("run `archive reindex`", finding.Detail!, StringComparison.Ordinal);
        Assert.True(report.BlobsChecked >= _archive.FileNames.Count);
    }

    [Fact]
    public void Reindex_AfterIngest_SameQueriesReturnSameHits()
    {
        var before = Snapshot();
        var progress = new List<(int Done, int Total)>();

        var count = _archive.Archive.Reindexer.Reindex(new SynchronousProgress(progress), CancellationToken.None);

        Assert.Equal(_archive.FileNames.Count, count);
        Assert.Equal((count, count), progress[^1]);
        Assert.True(before.Count > 200);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Reindex_EmptiedIndex_RestoresTheSameHits()
    {
        var before = Snapshot();
        EmptyTheIndex();
        // As another process would see it (this one looks for outside commits at most every 100 ms).
        using (var other = ArchiveCore.Open(_archive.Archive.Layout, TimeProvider.System))
        {
            Assert.Empty(other.Searcher.Search(new SearchRequest("hasakah")).Hits);
        }

        _archive.Archive.Reindexer.Reindex(null, CancellationToken.None);

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Reindex_Cancelled_LeavesTheOldIndex()
    {
        var before = Snapshot();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _archive.Archive.Reindexer.Reindex(null, cancel.Token));

        Assert.Equal(before, Snapshot());
    }

    /// <summary>Records progress as it is reported (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(List<(int Done, int Total)> reports) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => reports.Add(value);
    }
}
