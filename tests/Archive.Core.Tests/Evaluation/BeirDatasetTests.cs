using Archive.Core.Evaluation;

namespace Archive.Core.Tests.Evaluation;

public sealed class BeirDatasetTests : IDisposable
{
    private readonly BeirFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_GzipCorpusAndTsvWithHeaders_ReadsEveryRow()
    {
        var data = BeirDataset.Load(_folder.Path);

        Assert.Equal(["A1", "B2", "C3", "C4", "D5"], data.Documents.Select(d => d.Id));
        Assert.Equal(("Apple orchards", "Harvest of apples in the autumn orchard."), (data.Documents[0].Title, data.Documents[0].Text));
        Assert.Equal(["q1", "q2", "q3", "q4", "q5"], data.Queries.Select(q => q.Id));
        Assert.Equal("How are apples harvested?", data.Queries[0].Text);
        Assert.Equal(2, data.Judgments["q2"]["C4"]);
        Assert.Equal(0, data.Judgments["q3"]["B2"]);
        Assert.Equal(4, data.Judgments.Count);
    }

    [Fact]
    public void Load_PlainCorpusAndQueriesJsonl_ReadsEveryRow()
    {
        using var folder = new BeirFolder(gzip: false);
        folder.Delete("queries.test.tsv");
        folder.Write("queries.jsonl", "{\"_id\": \"q1\", \"text\": \"apples\"}\n{\"_id\": 7, \"text\": \"cherry\"}\n");

        var data = BeirDataset.Load(folder.Path);

        Assert.Equal(5, data.Documents.Count);
        Assert.Equal([("q1", "apples"), ("7", "cherry")], data.Queries.Select(q => (q.Id, q.Text)));
    }

    [Fact]
    public void Load_NoQrels_ThrowsNamingTheFile()
    {
        _folder.Delete("qrels.test.tsv");

        var error = Assert.Throws<ArchiveException>(() => BeirDataset.Load(_folder.Path));

        Assert.Contains("qrels.test.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedQrelsLine_ThrowsWithItsLineNumber()
    {
        _folder.Write("qrels.test.tsv", BeirFolder.Qrels + "q9 A1 1\n");

        var error = Assert.Throws<ArchiveException>(() => BeirDataset.Load(_folder.Path));

        Assert.EndsWith("qrels.test.tsv:7: expected 'query-id<TAB>corpus-id<TAB>score'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_Throws()
    {
        Assert.Throws<ArchiveException>(() => BeirDataset.Load(Path.Combine(_folder.Path, "nowhere")));
    }
}
