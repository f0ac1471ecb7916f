using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive embed</c>, search by meaning from the CLI, and what verify says of the vectors.</summary>
public sealed class EmbedCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Embed_ThenSemanticSearch_FindsTheParaphraseAndVerifyReportsTheVectors()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var before = _archive.RunJson("embed", "--status")["status"]!;
        Assert.True(before["waiting"]!.GetValue<int>() > 0);

        var embedded = _archive.RunJson("embed");
        var again = _archive.RunJson("embed");

        Assert.True(embedded["embedded"]!["chunks"]!.GetValue<int>() > 0);
        Assert.Equal(0, embedded["status"]!["waiting"]!.GetValue<int>());
        Assert.Equal(0, again["embedded"]!["texts"]!.GetValue<int>());
        var search = _archive.RunJson("search", "inmates fled prison", "--mode", "semantic");
        Assert.Equal("semantic", search["mode"]!.GetValue<string>());
        var first = search["hits"]![0]!;
        Assert.True(first["meaning"]!.GetValue<double>() >= 0.35);
        Assert.Contains(first["why"]!.AsArray(), w => w!.GetValue<string>().StartsWith("meaning: ", StringComparison.Ordinal));
        var verify = _archive.RunJson("verify");
        Assert.True(verify["ok"]!.GetValue<bool>());
        Assert.Equal(embedded["status"]!["chunks"]!.GetValue<int>(), verify["vectors"]!["chunks"]!.GetValue<int>());
        var text = _archive.Run("search", "inmates fled prison");
        Assert.Contains("hybrid)", text.Out, StringComparison.Ordinal);
        Assert.Contains("meaning: 0.", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_ModeSemanticBeforeAnyEmbedding_SaysWhyAndRanksByWords()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);

        var search = _archive.RunJson("search", "hasakah", "--mode", "semantic");

        Assert.Equal("lexical", search["mode"]!.GetValue<string>());
        Assert.Contains(search["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("archive embed", StringComparison.Ordinal));
        Assert.True(search["total"]!.GetValue<int>() > 0);
    }

    [Fact]
    public void Search_BadMode_UsageError()
    {
        var result = _archive.Run("search", "x", "--mode", "meaning");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("meaning", result.Err, StringComparison.Ordinal);
    }
}
