using System.Security.Cryptography;
using System.Text;
using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

public sealed class KeyHistoryTests : IDisposable
{
    private const string Origin = "archive-log/test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "key-history-" + Guid.NewGuid().ToString("N"));
    private readonly CheckpointSigner _k1;
    private readonly CheckpointSigner _k2;
    private readonly CheckpointSigner _k3;

    public KeyHistoryTests()
    {
        _k1 = CheckpointSigner.GeneratePrivateKey(Path.Combine(_folder, "k1.pem"));
        _k2 = CheckpointSigner.GeneratePrivateKey(Path.Combine(_folder, "k2.pem"));
        _k3 = CheckpointSigner.GeneratePrivateKey(Path.Combine(_folder, "k3.pem"));
    }

    public void Dispose()
    {
        _k1.Dispose();
        _k2.Dispose();
        _k3.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Build_NoChanges_ArchiveKeySignsEverySize()
    {
        using var history = KeyHistory.Build(Origin, [], _k1);

        Assert.Same(_k1, history.KeyFor(1));
        Assert.Same(_k1, history.KeyFor(1000));
        Assert.Empty(history.Problems);
    }

    [Fact]
    public void Build_TwoChanges_KeyInForceFollowsEachChange()
    {
        using var history = KeyHistory.Build(Origin, [Change(4, _k1, _k2), Change(9, _k2, _k3)], _k3);

        Assert.Empty(history.Problems);
        Assert.Equal(_k1.KeyId, history.KeyFor(4).KeyId);
        Assert.Equal(_k2.KeyId, history.KeyFor(5).KeyId);
        Assert.Equal(_k2.KeyId, history.KeyFor(9).KeyId);
        Assert.Equal(_k3.KeyId, history.KeyFor(10).KeyId);
        Assert.Equal([4L, 9L], history.PathFrom(_k1.KeyId, 10)!.Select(c => c.Index));
        Assert.Equal([9L], history.PathFrom(_k2.KeyId, 10)!.Select(c => c.Index));
        Assert.Empty(history.PathFrom(_k1.KeyId, 4)!);
    }

    [Fact]
    public void Build_ChangeNotSignedByRetiringKey_NamesTheEvent()
    {
        // Whoever holds only k3 claims a hand-over from k1: the retiring signature is k3's.
        using var history = KeyHistory.Build(Origin, [Change(4, _k1, _k3, signOldWith: _k3)], _k3);

        var problem = Assert.Single(history.Problems);
        Assert.Equal(4, problem.Index);
        Assert.Equal($"key change at event 4 does not follow: it is not signed by the key it retires (sha256:{_k1.KeyId[..16]}…)", problem.Message);
        Assert.Null(history.PathFrom(_k1.KeyId, 5));
    }

    [Fact]
    public void Build_ChangeStatementForAnotherIndex_NamesTheEvent()
    {
        var moved = Change(4, _k1, _k2);

        using var history = KeyHistory.Build(Origin, [(7, moved.Json)], _k2);

        Assert.Equal("key change at event 7 does not follow: its statement does not name this log, this index and these keys", Assert.Single(history.Problems).Message);
    }

    [Fact]
    public void Build_ArchiveKeyNotTheLastNewKey_IsAProblem()
    {
        using var history = KeyHistory.Build(Origin, [Change(4, _k1, _k2)], _k3);

        Assert.Contains("is not the key the last key change (event 4) hands over to", Assert.Single(history.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statement_SignatureVerifiesWithOpensslForm()
    {
        var (_, json) = Change(4, _k1, _k2);
        var change = KeyChange.TryParse(4, json)!;

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(change.OldPublicKeyPem);
        Assert.True(ecdsa.VerifyData(Encoding.UTF8.GetBytes(change.Statement), change.OldSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal($"archive-key-change\n{Origin}\nindex 4\nold sha256:{_k1.KeyId}\nnew sha256:{_k2.KeyId}\n", change.Statement);
    }

    private static (long Index, string Json) Change(long index, CheckpointSigner from, CheckpointSigner to, CheckpointSigner? signOldWith = null)
    {
        var statement = KeyChange.StatementFor(Origin, index, from.KeyId, to.KeyId);
        var bytes = Encoding.UTF8.GetBytes(statement);
        var change = new KeyChange(index, from.KeyId, from.PublicKeyPem, to.KeyId, to.PublicKeyPem, statement, (signOldWith ?? from).Sign(bytes), to.Sign(bytes));
        return (index, EventLog.BuildJson(index, null, "2026-01-01T00:00:00.0000000Z", "archive test", new NewEvent(EventType.KeyChanged, null, "tester", "ok", change.ToData())));
    }
}
