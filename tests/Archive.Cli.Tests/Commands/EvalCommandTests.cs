namespace Archive.Cli.Tests.Commands;

public sealed class EvalCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    /// <summary>
    /// Only d1 holds "apple" and only d2 "banana". q1's one relevant document comes first: nDCG@10, recall and AP are 1.
    /// q2 has two relevant documents of grade 1 and finds only d2, at rank 1: nDCG@10 = 1 / (1 + 1/log2 3) = 0.61315,
    /// recall 0.5, AP 0.5. Means over the two queries: nDCG@10 0.80657, Recall@100 0.75, MAP 0.75.
    /// </summary>
    [Fact]
    public void Eval_TinyBeirFolder_PrintsHandComputedMeasures()
    {
        var beir = WriteBeir();

        var result = _archive.RunJson("eval", beir);

        Assert.Equal(0.8066, result["ndcg_cut_10"]!.GetValue<double>());
        Assert.Equal(0.75, result["recall_100"]!.GetValue<double>());
        Assert.Equal(0.75, result["map"]!.GetValue<double>());
        Assert.Equal(2, result["queries"]!.GetValue<int>());
        Assert.Equal(3, result["docs"]!.GetValue<int>());
    }

    [Fact]
    public void Eval_AllModesWithJson_PrintsOneRowPerMode()
    {
        var result = _archive.RunJson("eval", WriteBeir(), "--mode", "all");

        var rows = result.AsArray();
        Assert.Equal(["lexical", "semantic", "hybrid"], rows.Select(r => r!["mode"]!.GetValue<string>()));
        Assert.Equal(0.8066, rows[0]!["ndcg_cut_10"]!.GetValue<double>());
        Assert.Equal(0.75, rows[0]!["recall_100"]!.GetValue<double>());
        Assert.All(rows, r => Assert.Equal(
            ["mode", "ndcg_cut_10", "recall_100", "map", "queries", "docs", "search_seconds", "embed_seconds", "seconds"],
            r!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public void Eval_TinyBeirFolderWithoutJson_PrintsTrecEvalLines()
    {
        var result = _archive.Run("eval", WriteBeir());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("ndcg_cut_10  0.8066\nrecall_100   0.7500\nmap          0.7500\n2 queries over 3 docs (0 not indexed)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_FolderWithoutCorpus_ExitsUsage()
    {
        var result = _archive.Run("eval", _archive.Inputs);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Single(result.ErrLines);
    }

    [Fact]
    public void Eval_TinyBeirFolder_LeavesTheArchiveUntouched()
    {
        var before = _archive.Snapshot();

        Assert.Equal(0, _archive.Run("eval", WriteBeir()).ExitCode);

        Assert.Equal(before, _archive.Snapshot());
    }

    private string WriteBeir()
    {
        _archive.WriteInput("beir/corpus.jsonl", """
            {"_id": "d1", "title": "Orchard", "text": "apple harvest in the orchard"}
            {"_id": "d2", "title": "Plantation", "text": "banana harvest on the plantation"}
            {"_id": "d3", "title": "Spring", "text": "cherry blossom in spring"}

            """);
        _archive.WriteInput("beir/queries.test.tsv", "query-id\ttext\nq1\tapple\nq2\tbanana\n");
        _archive.WriteInput("beir/qrels.test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq2\td3\t1\n");
        return Path.Combine(_archive.Inputs, "beir");
    }
}
