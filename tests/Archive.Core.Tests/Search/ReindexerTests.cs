using Archive.Core.Storage;
using Archive.Core.Catalog;
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

    private void EmptyTheIndex()
    {
        using var connection = _archive.Archive.Database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {SearchIndex.Table}";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
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
        Assert.Empty(_archive.Search("hasakah").Hits);

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
