using System.Text;
using Archive.Core.Provenance;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class TrustCheckerTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _saved;

    public TrustCheckerTests()
    {
        _archive.Ingest(_archive.WriteInput("a.txt", "first source"), _archive.WriteInput("b.txt", "second source"));
        _saved = Path.Combine(_archive.Workspace, "saved");
        _archive.Services.LogService.Export(_saved, "test-agent");
    }

    public void Dispose() => _archive.Dispose();

    private CheckpointSigner Key => _archive.Services.Log.Signer;

    private string Origin => _archive.Services.Log.Origin;

    [Fact]
    public void Check_LogGrewSinceCheckpoint_ReturnsOkNamingTheKey()
    {
        _archive.Ingest(_archive.WriteInput("c.txt", "third source"));
        var leaves = Leaves();

        var item = TrustChecker.Check(_saved, Origin, Key, "the archive's key", leaves, leaves.Count);

        Assert.True(item.IsOk, item.Message);
        Assert.Equal(4, item.Size);
        Assert.Equal(Key.KeyId, item.Key);
        Assert.Contains($"key {Key.KeyId[..16]} (the archive's key)", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LeafChangedWithLogJsonl_ReturnsRewrittenAtThatEvent()
    {
        var leaves = Leaves();
        leaves[2] = MerkleHash.LeafHash("{\"forged\":true}"u8.ToArray());

        var item = TrustChecker.Check(_saved, Origin, Key, "the archive's key", leaves, leaves.Count);

        Assert.Equal(TrustStatus.Rewritten, item.Status);
        Assert.Contains("history diverges at event 2", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LeafChangedWithoutLogJsonl_SaysTheRootDiffers()
    {
        File.Delete(Path.Combine(_saved, TrustChecker.LogFile));
        var leaves = Leaves();
        leaves[2] = MerkleHash.LeafHash("{\"forged\":true}"u8.ToArray());

        var item = TrustChecker.Check(_saved, Origin, Key, "the archive's key", leaves, leaves.Count);

        Assert.Equal(TrustStatus.Rewritten, item.Status);
        Assert.Contains($"the log's root at size 4 is {Convert.ToBase64String(new MerkleTree(leaves).Root(4))}", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LogShorterThanCheckpoint_ReturnsRolledBack()
    {
        var leaves = Leaves().Take(3).ToList();

        var item = TrustChecker.Check(_saved, Origin, Key, "the archive's key", leaves, leaves.Count);

        Assert.Equal(TrustStatus.RolledBack, item.Status);
        Assert.Contains("it covers 4 events", item.Message, StringComparison.Ordinal);
        Assert.Contains("the log now has only 3", item.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("differ", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CheckpointEditedAfterSigning_ReturnsBadSignature()
    {
        var path = Path.Combine(_saved, TrustChecker.CheckpointFile);
        var lines = File.ReadAllText(path).Split('\n');
        lines[1] = "3";
        File.WriteAllText(path, string.Join('\n', lines), new UTF8Encoding(false));
        var leaves = Leaves();

        var item = TrustChecker.Check(_saved, Origin, Key, "the archive's key", leaves, leaves.Count);

        Assert.Equal(TrustStatus.BadSignature, item.Status);
        Assert.Equal(3, item.Size);
    }

    [Fact]
    public void Check_CheckpointOfAnotherLogUnderTheSameKey_IsOtherLogNotARewrite()
    {
        var path = Path.Combine(_saved, TrustChecker.CheckpointFile);
        var lines = File.ReadAllText(path).Split('\n');
        lines[0] = "archive-log/another-archive";
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        File.WriteAllBytes(path, body);
        File.WriteAllBytes(Path.Combine(_saved, TrustChecker.SignatureFile), Key.Sign(body));
        var leaves = Leaves();

        var item = TrustChecker.Check(_saved, Origin, Key, "the archive's key", leaves, leaves.Count);

        Assert.Equal(TrustStatus.OtherLog, item.Status);
        Assert.Contains($"a checkpoint of another log (archive-log/another-archive), not of this archive's ({Origin})", item.Message, StringComparison.Ordinal);
    }

    private List<byte[]> Leaves()
    {
        using var connection = _archive.Services.Database.Open();
        return TrustChecker.ReadLeaves(connection);
    }
}
