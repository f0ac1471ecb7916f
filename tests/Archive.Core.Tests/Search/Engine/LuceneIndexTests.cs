using Archive.Core.Search;
using Archive.Core.Search.Engine;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Archive.Core.Tests.Search.Engine;

/// <summary>
/// The derived index on real files: it catches up from the catalog position in its last commit, indexes nothing
/// twice, says when it is behind or holds what the catalog does not, and works with two archive instances (as two
/// processes would) on one archive.
/// </summary>
public sealed class LuceneIndexTests : IDisposable
{
    private readonly ScratchArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void CatchUp_IndexRolledBackToAnOlderCommit_FindsEveryAcknowledgedCaptureOnce()
    {
        Ingest("first", "alpha");
        var saved = CopyIndex();
        Ingest("second", "bravo");
        Ingest("third", "charlie");
        _archive.Services.Index.Dispose();
        RestoreIndex(saved); // as if the process died after the catalog commits and before the index commits

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var pending = reopened.Index.State().Pending;
        var found = new[] { "alpha", "bravo", "charlie" }.Select(w => reopened.Searcher.Search(new SearchRequest(w)).Total).ToList();

        Assert.Equal(2, pending);
        Assert.Equal([1, 1, 1], found);
        Assert.Equal(3, reopened.Index.State().Documents);
        Assert.Empty(reopened.Index.Audit(CancellationToken.None));
    }

    [Fact]
    public void Audit_IndexBehindTheCatalog_SaysBehindAndVerifyReportsIt()
    {
        Ingest("first", "alpha");
        var saved = CopyIndex();
        Ingest("second", "bravo");
        _archive.Services.Index.Dispose();
        RestoreIndex(saved);

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var report = reopened.Verifier.Verify("test", record: false, null, CancellationToken.None);

        var item = Assert.Single(report.Problems);
        Assert.Equal(("index", "behind"), (item.Kind, item.Status));
        Assert.Contains("1 capture(s) changed", item.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_IndexHoldsACaptureTheCatalogDoesNot_NamesIt()
    {
        Ingest("first", "alpha");
        ChangeIndex(writer => writer.AddDocument([new StringField(IndexFields.Id, "sha256:" + new string('e', 64), Field.Store.YES)]));

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var finding = Assert.Single(reopened.Index.Audit(CancellationToken.None));

        Assert.Equal(("unknown", "sha256:" + new string('e', 64)), (finding.Status, finding.CaptureId));
    }

    [Fact]
    public void Audit_IndexLacksCapturesTheCatalogHolds_NamesEachAsMissing()
    {
        Ingest("first", "alpha");
        var second = IngestId("second", "bravo");
        Ingest("third", "charlie");
        var fourth = IngestId("fourth", "delta");
        // Before, between and after the ids the index keeps: the index walk and the catalog's must both reach them.
        ChangeIndex(writer =>
        {
            writer.DeleteDocuments(new Term(IndexFields.Id, second));
            writer.DeleteDocuments(new Term(IndexFields.Id, fourth));
        });

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var report = reopened.Verifier.Verify("test", record: false, null, CancellationToken.None);

        Assert.False(report.IsOk);
        Assert.Equal(
            new[] { second, fourth }.Order(StringComparer.Ordinal).Select(id => ("index", "missing", (string?)id)),
            report.Problems.Select(p => (p.Kind, p.Status, p.Id)));
        Assert.All(report.Problems, p => Assert.EndsWith("run `archive reindex`", p.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_IndexWithNoDocumentsAtAll_NamesTheCapturesMissing()
    {
        var only = IngestId("first", "alpha");
        ChangeIndex(writer => writer.DeleteAll());

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var finding = Assert.Single(reopened.Index.Audit(CancellationToken.None));

        Assert.Equal(("missing", only), (finding.Status, finding.CaptureId));
    }

    [Fact]
    public void Verify_IndexOfAnotherArchive_SaysOtherLogAndNamesWhatItLacksAndHolds()
    {
        var mine = IngestId("first", "alpha");
        string theirs;
        using (var other = new ScratchArchive())
        {
            theirs = Assert.Single(other.Ingest(other.WriteInput("other.txt", "other\nA text with the word other.\n"))).CaptureId!.Value.ToString();
            other.Services.Index.Dispose();
            _archive.Services.Index.Dispose();
            System.IO.Directory.Delete(_archive.Layout.IndexPath, recursive: true);
            CopyFolder(other.Layout.IndexPath, _archive.Layout.IndexPath);
        }

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var report = reopened.Verifier.Verify("test", record: false, null, CancellationToken.None);

        Assert.Equal(
            [("other-log", null), ("unknown", theirs), ("missing", mine)],
            report.Problems.Select(p => (p.Status, p.Id)));
        Assert.All(report.Problems, p => Assert.Equal("index", p.Kind));
        Assert.StartsWith("the search index is another archive's", report.Problems[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CatalogPutBackFromAnOlderCopy_SaysTheIndexIsAheadNotBehind()
    {
        Ingest("first", "alpha");
        var copy = Path.Combine(_archive.Workspace, "catalog-backup.db");
        using (var live = _archive.OpenRaw())
        using (var backup = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            live.BackupDatabase(backup);
        }

        var later = IngestId("second", "bravo");
        using (var backup = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False"))
        using (var live = _archive.OpenRaw())
        {
            backup.Open();
            backup.BackupDatabase(live);
        }

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var report = reopened.Verifier.Verify("test", record: false, null, CancellationToken.None);

        // The blobs of the capture the restored catalog lacks are the blob check's to report.
        var index = report.Problems.Where(p => p.Kind == "index").ToList();
        Assert.Equal([("ahead", null), ("unknown", later)], index.Select(p => (p.Status, p.Id)));
        Assert.Contains("past the catalog's last event", index[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_IndexOfTheFormerFormat_AsksForReindexWhichUpgradesIt()
    {
        Ingest("first", "alpha");
        // An index as the version before exact-length BM25 left it: the same fields, format 2 in its commit data.
        ChangeIndex(_ => { }, data => data["format"] = "archive-lucene/2");

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var refused = reopened.Searcher.Search(new SearchRequest("alpha"));
        var reindexed = reopened.Reindexer.Reindex(null, CancellationToken.None);
        var found = reopened.Searcher.Search(new SearchRequest("alpha"));

        Assert.Equal($"the search index has format archive-lucene/2, not {LuceneIndex.Format}; run `archive reindex`", refused.Error?.Message);
        Assert.Equal(1, reindexed);
        Assert.Null(found.Error);
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public void Audit_ForeignIdsBeforeBetweenAndAfterTheCatalogs_NamesEachAndNoCatalogId()
    {
        Ingest("first", "alpha");
        Ingest("second", "beta");
        Ingest("third", "gamma");
        var indexed = _archive.Services.Index.State().Documents;
        string[] foreign = ["sha256:" + new string('0', 64), "sha256:8" + new string('0', 63), "sha256:" + new string('f', 64), "zzz"];
        ChangeIndex(writer =>
        {
            foreach (var id in foreign.Append("sha256:" + new string('9', 64)))
            {
                writer.AddDocument([new StringField(IndexFields.Id, id, Field.Store.YES)]);
            }

            writer.DeleteDocuments(new Term(IndexFields.Id, "sha256:" + new string('9', 64))); // deleted: not held any more
        });

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var findings = reopened.Index.Audit(CancellationToken.None);

        Assert.Equal(3, indexed);
        Assert.Equal(foreign, findings.Select(f => f.CaptureId));
        Assert.All(findings, f => Assert.Equal("unknown", f.Status));
    }

    [Fact]
    public void Search_IndexOfAnotherArchiveFurtherOn_AsksForReindexWhichFindsEveryCapture()
    {
        Ingest("first", "alpha");
        Ingest("second", "bravo");
        using (var other = new ScratchArchive())
        {
            // Another archive holding one of the same texts, whose log has gone further (as in the review: a subset).
            Assert.Equal(Archive.Core.Ingestion.IngestStatus.Ingested, Assert.Single(other.Ingest(other.WriteInput("first.txt", "first\nA text with the word alpha.\n"))).Status);
            for (var i = 0; i < 4; i++)
            {
                other.Ingest(other.WriteInput($"more{i}.txt", $"more {i}\nA text with the word other{i}.\n"));
            }

            Assert.True(other.Services.Index.IndexedPosition() > _archive.Services.Index.CatalogPosition());
            other.Services.Index.Dispose();
            _archive.Services.Index.Dispose();
            System.IO.Directory.Delete(_archive.Layout.IndexPath, recursive: true);
            CopyFolder(other.Layout.IndexPath, _archive.Layout.IndexPath);
        }

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var refused = reopened.Searcher.Search(new SearchRequest("bravo"));
        reopened.Reindexer.Reindex(null, CancellationToken.None);
        var found = new[] { "alpha", "bravo", "other1" }.Select(w => reopened.Searcher.Search(new SearchRequest(w)).Total).ToList();

        Assert.StartsWith("the search index is another archive's (archive ", refused.Error?.Message, StringComparison.Ordinal);
        Assert.EndsWith("run `archive reindex` to rebuild it from the catalog", refused.Error?.Message, StringComparison.Ordinal);
        Assert.Equal([1, 1, 0], found);
    }

    [Theory]
    [InlineData(1, "past the catalog's last event")] // the catalog, put back, ends before the index's position
    [InlineData(4, "is not the catalog's event")] // it has grown past it since, with other events
    public void Ingest_CatalogPutBackFromAnOlderCopy_SearchAsksForReindexWhichFindsWhatItAcknowledged(int after, string why)
    {
        Ingest("first", "alpha");
        var copy = Path.Combine(_archive.Workspace, "catalog-backup.db");
        using (var live = _archive.OpenRaw())
        using (var backup = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            live.BackupDatabase(backup);
        }

        Ingest("second", "bravo");
        Ingest("third", "charlie");
        var indexed = _archive.Services.Index.IndexedPosition();
        using (var backup = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False"))
        using (var live = _archive.OpenRaw())
        {
            backup.Open();
            backup.BackupDatabase(live); // the disaster-recovery step: the catalog restored from its backup
        }

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var words = Enumerable.Range(0, after).Select(i => $"restored{i}").ToList();
        foreach (var word in words)
        {
            var path = _archive.WriteInput(word + ".txt", $"{word}\nA text with the word {word}.\n");
            Assert.Equal(Archive.Core.Ingestion.IngestStatus.Ingested, Assert.Single(reopened.Ingestor.Ingest(new Archive.Core.Ingestion.IngestRequest([path], new Dictionary<string, Archive.Core.Metadata.FieldValue>(), "test"), null, CancellationToken.None)).Status);
        }

        var refused = reopened.Searcher.Search(new SearchRequest(words[^1]));
        var catalog = reopened.Index.CatalogPosition();
        reopened.Reindexer.Reindex(null, CancellationToken.None);
        var found = words.Append("alpha").Append("bravo").Select(w => reopened.Searcher.Search(new SearchRequest(w)).Total).ToList();

        Assert.Equal(after == 1, catalog < indexed);
        Assert.Contains(why, refused.Error?.Message, StringComparison.Ordinal);
        Assert.EndsWith("run `archive reindex` to rebuild it from the catalog", refused.Error?.Message, StringComparison.Ordinal);
        Assert.Equal([.. words.Select(_ => 1), 1, 0], found);
    }

    [Fact]
    public void CatchUp_IndexWrittenBeforeCommitsNamedTheirArchive_IsSearchedAndItsNextCommitNamesIt()
    {
        Ingest("first", "alpha");
        // An index as the version before this check left it: no archive id, leaf or index id in its commit data.
        ChangeIndex(_ => { }, data =>
        {
            Assert.True(data.Remove("archive_id") && data.Remove("catalog_leaf") && data.Remove("index_id"));
        });

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var before = reopened.Searcher.Search(new SearchRequest("alpha"));
        var path = _archive.WriteInput("second.txt", "second\nA text with the word bravo.\n");
        reopened.Ingestor.Ingest(new Archive.Core.Ingestion.IngestRequest([path], new Dictionary<string, Archive.Core.Metadata.FieldValue>(), "test"), null, CancellationToken.None);
        var after = reopened.Searcher.Search(new SearchRequest("bravo"));
        var data = CommitData();

        Assert.Equal((null, 1), (before.Error, before.Total));
        Assert.Equal((null, 1), (after.Error, after.Total));
        using var raw = _archive.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT (SELECT value FROM meta WHERE key = 'archive_id'), (SELECT lower(hex(leaf)) FROM events ORDER BY idx DESC LIMIT 1)";
        using var row = command.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal((row.GetString(0), row.GetString(1)), (data["archive_id"], data["catalog_leaf"]));
        Assert.Equal(32, data["index_id"].Length);
    }

    [Fact]
    public void Search_IndexWrittenBeforeCommitsNamedTheirArchiveAndAheadOfTheCatalog_AsksForReindex()
    {
        Ingest("first", "alpha");
        var catalog = _archive.Services.Index.CatalogPosition();
        ChangeIndex(_ => { }, data =>
        {
            data.Remove("archive_id");
            data.Remove("catalog_leaf");
            data["catalog_position"] = (catalog + 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

        using var reopened = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        var refused = reopened.Searcher.Search(new SearchRequest("alpha"));

        Assert.Equal(
            $"the search index covers the log up to event {catalog + 5}, past the catalog's last event {catalog} (a catalog put back from an older copy, or another archive's index): documents acknowledged since would never be indexed; run `archive reindex` to rebuild it from the catalog",
            refused.Error?.Message);
    }

    [Fact]
    public void Search_TwoArchiveInstances_EachSeesWhatTheOtherIngested()
    {
        using var other = ArchiveCore.Open(_archive.Layout, TimeProvider.System);
        Ingest("first", "alpha");
        Assert.Equal(1, other.Searcher.Search(new SearchRequest("alpha")).Total);

        var path = _archive.WriteInput("second.txt", "Second\nbravo\n");
        Assert.Single(other.Ingestor.Ingest(new Archive.Core.Ingestion.IngestRequest([path], new Dictionary<string, Archive.Core.Metadata.FieldValue>(), "test"), null, CancellationToken.None));

        Assert.Equal(1, _archive.Services.Searcher.Search(new SearchRequest("bravo")).Total);
        Assert.Equal(2, _archive.Services.Index.State().Documents);
    }

    [Fact]
    public void Search_IndexDeletedAndRebuiltByAnotherInstanceToTheSameGeneration_FindsWhatTheNewIndexHolds()
    {
        // One long-lived instance, as archive serve is, whose readers hold the first index's segments _0 and _1.
        var serve = _archive.Services;
        Ingest("first", "alpha");
        Ingest("second", "bravo");
        Assert.Equal(1, serve.Searcher.Search(new SearchRequest("bravo")).Total);
        var held = serve.Index.Acquire()!; // a search still running over the old readers
        var generation = Generation();

        var words = new List<string>();
        using (var other = ArchiveCore.Open(_archive.Layout, TimeProvider.System))
        {
            // The documented repair on an emptied folder, and ingests after it, until the new index's segments_N has
            // the same name as the one serve's readers were opened on (its segments are again _0, _1…).
            System.IO.Directory.Delete(_archive.Layout.IndexPath, recursive: true);
            other.Reindexer.Reindex(null, CancellationToken.None);
            while (Generation() < generation)
            {
                var word = $"later{words.Count}";
                var path = _archive.WriteInput(word + ".txt", $"{word}\nA text with the word {word}.\n");
                other.Ingestor.Ingest(new Archive.Core.Ingestion.IngestRequest([path], new Dictionary<string, Archive.Core.Metadata.FieldValue>(), "test"), null, CancellationToken.None);
                words.Add(word);
            }
        }

        Thread.Sleep(TimeSpan.FromMilliseconds(250)); // past the interval at which serve looks for other processes' commits
        var found = words.Append("alpha").Append("bravo").Select(w => serve.Searcher.Search(new SearchRequest(w)).Total).ToList();
        var stillReadable = held.Search(new Lucene.Net.Search.TermQuery(new Term(IndexFields.TextExact, "bravo")), 1).TotalHits;
        LuceneIndex.Release(held);

        Assert.Equal(generation, Generation());
        Assert.NotEmpty(words);
        Assert.Equal([.. words.Select(_ => 1), 1, 1], found);
        Assert.Equal(1, stillReadable); // the old readers, replaced meanwhile, still answer the search that holds them
    }

    [Fact]
    public void Ingest_IndexFolderDeletedUnderALongLivedInstance_ItsCatchUpRebuildsItAndItsSearchesFindEveryCapture()
    {
        var serve = _archive.Services;
        Ingest("first", "alpha");
        Ingest("second", "bravo");
        Ingest("third", "charlie");
        Assert.Equal(1, serve.Searcher.Search(new SearchRequest("alpha")).Total);

        System.IO.Directory.Delete(_archive.Layout.IndexPath, recursive: true);
        Ingest("fourth", "delta"); // acknowledged by serve itself, whose catch-up indexes every capture anew

        var found = new[] { "alpha", "bravo", "charlie", "delta" }.Select(w => serve.Searcher.Search(new SearchRequest(w)).Total).ToList();

        Assert.Equal([1, 1, 1, 1], found);
        Assert.Empty(serve.Index.Audit(CancellationToken.None));
    }

    [Fact]
    public void CatchUp_AnotherWriterHoldsTheLock_WritesNothingAndSaysSo()
    {
        Ingest("first", "alpha");
        var index = _archive.Services.Index;
        using var held = IndexWriteLock.TryAcquire(_archive.Layout.IndexPath + ".lock", TimeSpan.Zero, TimeProvider.System);
        Assert.NotNull(held);
        Ingest("second", "bravo"); // the ingest commits; its catch-up gives up after waiting

        var result = index.CatchUp(TimeSpan.Zero);

        Assert.False(result.Written);
        Assert.Equal(1, index.State().Pending);
        held.Dispose();
        Assert.True(index.CatchUp(TimeSpan.Zero).Written);
        Assert.Equal(1, _archive.Services.Searcher.Search(new SearchRequest("bravo")).Total);
    }

    [Fact]
    public void Search_AnotherWriterHoldsTheLock_SaysTheResultsMayMissWhatItHasNotIndexed()
    {
        Ingest("first", "alpha");
        using (var held = IndexWriteLock.TryAcquire(_archive.Layout.IndexPath + ".lock", TimeSpan.Zero, TimeProvider.System))
        {
            Assert.NotNull(held);
            Ingest("second", "bravo"); // acknowledged; its catch-up gave up after waiting

            var during = _archive.Services.Searcher.Search(new SearchRequest("bravo"));

            Assert.Equal(0, during.Total);
            Assert.Contains(during.Notes, n => n.StartsWith("1 capture(s) in the catalog are not in the search index yet", StringComparison.Ordinal));
        }

        var after = _archive.Services.Searcher.Search(new SearchRequest("bravo"));
        Assert.Equal(1, after.Total);
        Assert.DoesNotContain(after.Notes, n => n.Contains("not in the search index yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_EventsThatLeaveTheIndexAlone_AreNotBehind()
    {
        Ingest("first", "alpha");
        using (IndexWriteLock.TryAcquire(_archive.Layout.IndexPath + ".lock", TimeSpan.Zero, TimeProvider.System))
        {
            // A duplicate names the capture in the log but changes nothing the index holds; its catch-up cannot write.
            var again = _archive.Ingest(Path.Combine(_archive.Inputs, "first.txt"));
            Assert.Equal(Archive.Core.Ingestion.IngestStatus.Duplicate, Assert.Single(again).Status);
        }

        Assert.True(_archive.Services.Index.IndexedPosition() < _archive.Services.Index.CatalogPosition());
        Assert.Equal(0, _archive.Services.Index.State().Pending);
        Assert.Empty(_archive.Services.Index.Audit(CancellationToken.None));
    }

    [Fact]
    public async Task CatchUp_ItsCommitStartsAMerge_ReturnsWithoutWaitingAndTheMergeFinishesInTheBackground()
    {
        var empty = CopyIndex();
        foreach (var (name, word) in new[] { ("first", "alpha"), ("second", "bravo"), ("third", "charlie"), ("fourth", "delta") })
        {
            Ingest(name, word);
        }

        var services = _archive.Services;
        services.Index.Dispose();
        RestoreIndex(empty); // the index is behind by four captures
        var lockPath = _archive.Layout.IndexPath + ".lock";
        using var release = new ManualResetEventSlim();
        using var index = new LuceneIndex(services.Database, services.Store, services.Index.Analyzer, _archive.Layout.IndexPath)
        {
            // Two documents per segment, a merge as soon as there are two, and the merge held until released.
            ConfigureWriter = config =>
            {
                config.MaxBufferedDocs = 2;
                config.MergePolicy = new LogDocMergePolicy { MergeFactor = 2 };
                config.MergeScheduler = new HeldMergeScheduler(release);
            },
        };

        CatchUpResult? result = null;
        bool heldWhileMerging;
        try
        {
            try
            {
                result = await Task.Run(() => index.CatchUp(TimeSpan.Zero)).WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                // Reported below.
            }

            using var taken = IndexWriteLock.TryAcquire(lockPath, TimeSpan.Zero, TimeProvider.System);
            heldWhileMerging = taken is null;
        }
        finally
        {
            release.Set();
        }

        Assert.True(result is not null, "the catch-up waited for the merge its commit started");
        Assert.Equal(4, result.Indexed);
        Assert.True(heldWhileMerging, "the writer was closed before its merge finished");

        // Once the merge is done, the background closer commits it and closes the writer, which frees the lock.
        using (var free = IndexWriteLock.TryAcquire(lockPath, TimeSpan.FromSeconds(60), TimeProvider.System))
        {
            Assert.NotNull(free);
        }

        using var directory = FSDirectory.Open(_archive.Layout.IndexPath);
        var infos = new SegmentInfos();
        infos.Read(directory);
        Assert.Equal((1, 4), (infos.Count, infos.TotalDocCount));
    }

    /// <summary>
    /// Changes the index behind Archive's back (closing this archive's index first) and commits, keeping the commit
    /// data but for what <paramref name="commitData"/> changes.
    /// </summary>
    private void ChangeIndex(Action<IndexWriter> change, Action<Dictionary<string, string>>? commitData = null)
    {
        _archive.Services.Index.Dispose();
        using var directory = FSDirectory.Open(_archive.Layout.IndexPath);
        var infos = new SegmentInfos();
        infos.Read(directory);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()));
        change(writer);
        var data = new Dictionary<string, string>(infos.UserData);
        commitData?.Invoke(data);
        writer.SetCommitData(data);
        writer.Commit();
    }

    /// <summary>The newest commit's generation (N in segments_N).</summary>
    private long Generation()
    {
        using var directory = FSDirectory.Open(_archive.Layout.IndexPath);
        return SegmentInfos.GetLastCommitGeneration(directory);
    }

    /// <summary>The newest commit's user data, read from the files.</summary>
    private Dictionary<string, string> CommitData()
    {
        using var directory = FSDirectory.Open(_archive.Layout.IndexPath);
        var infos = new SegmentInfos();
        infos.Read(directory);
        return new Dictionary<string, string>(infos.UserData);
    }

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private void Ingest(string name, string word) => IngestId(name, word);

    /// <summary>Ingests a text of one word and returns its capture id.</summary>
    private string IngestId(string name, string word)
    {
        var path = _archive.WriteInput(name + ".txt", $"{name}\nA text with the word {word}.\n");
        var outcome = Assert.Single(_archive.Ingest(path));
        Assert.Equal(Archive.Core.Ingestion.IngestStatus.Ingested, outcome.Status);
        return outcome.CaptureId!.Value.ToString();
    }

    private string CopyIndex()
    {
        var copy = Path.Combine(_archive.Workspace, "index-copy-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(copy);
        foreach (var file in System.IO.Directory.GetFiles(_archive.Layout.IndexPath))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private void RestoreIndex(string copy)
    {
        System.IO.Directory.Delete(_archive.Layout.IndexPath, recursive: true);
        System.IO.Directory.Move(copy, _archive.Layout.IndexPath);
    }

    /// <summary>Lucene's merge scheduler, whose merges start only once <paramref name="release"/> is set.</summary>
    private sealed class HeldMergeScheduler(ManualResetEventSlim release) : ConcurrentMergeScheduler
    {
        protected override void DoMerge(MergePolicy.OneMerge merge)
        {
            release.Wait();
            base.DoMerge(merge);
        }
    }
}
