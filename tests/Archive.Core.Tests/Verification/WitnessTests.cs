using Archive.Core.Provenance;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

public sealed class WitnessTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _state;
    private readonly string _key;
    private readonly string _keyId;

    public WitnessTests()
    {
        _archive.Ingest(_archive.WriteInput("a.txt", "first source"));
        _state = Path.Combine(_archive.Workspace, "witness");
        _key = Path.Combine(_archive.Workspace, "secure", "witness.pem");
        _keyId = KeyService.Generate(_key);
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Cosign_ArchiveSigningKey_ThrowsInvalidInputAndWritesNothing()
    {
        var error = Assert.Throws<ArchiveException>(() => _archive.Services.Witness.Cosign(_state, _archive.Layout.PrivateKeyPath));

        Assert.Equal(ArchiveErrorKind.InvalidInput, error.Kind);
        Assert.Contains("is the archive's own signing key", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_state));
        Assert.Empty(Cosignatures(_archive.Services));
    }

    [Fact]
    public void Cosign_KeyRetiredByAKeyChange_ThrowsInvalidInput()
    {
        var retired = Path.Combine(_archive.Workspace, "secure", "retired.pem");
        File.Copy(_archive.Layout.DefaultPrivateKeyPath, retired);
        var next = Path.Combine(_archive.Workspace, "secure", "next.pem");
        KeyService.Generate(next);
        _archive.Services.Keys.Change(next, "test");
        using var changed = ArchiveCore.Open(_archive.Layout with { SigningKeyFile = next }, TimeProvider.System);

        var error = Assert.Throws<ArchiveException>(() => changed.Witness.Cosign(_state, retired));

        Assert.Equal(ArchiveErrorKind.InvalidInput, error.Kind);
        Assert.Contains("is a key the archive's log has signed with", error.Message, StringComparison.Ordinal);
        Assert.Empty(Cosignatures(changed));
    }

    [Fact]
    public void Cosign_StateOfAnotherWitness_ThrowsConflictNamingBothKeysAndKeepsTheState()
    {
        Assert.True(_archive.Services.Witness.Cosign(_state, _key).Ok);
        var saved = File.ReadAllText(Path.Combine(_state, Witness.WitnessKeyFile));
        var other = Path.Combine(_archive.Workspace, "secure", "other.pem");
        var otherId = KeyService.Generate(other);

        var error = Assert.Throws<ArchiveException>(() => _archive.Services.Witness.Cosign(_state, other));

        Assert.Equal(ArchiveErrorKind.Conflict, error.Kind);
        Assert.Contains(otherId, error.Message, StringComparison.Ordinal);
        Assert.Contains(_keyId, error.Message, StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllText(Path.Combine(_state, Witness.WitnessKeyFile)));
        Assert.Single(Cosignatures(_archive.Services));
    }

    [Fact]
    public void Cosign_SameCheckpointTwice_StoresOneCosignatureAndSaysSo()
    {
        var first = _archive.Services.Witness.Cosign(_state, _key);

        var second = _archive.Services.Witness.Cosign(_state, _key);

        Assert.True(first.Ok && second.Ok, second.Message);
        Assert.StartsWith($"checkpoint {first.Size} is already cosigned by witness sha256:{_keyId[7..23]}…: nothing new stored", second.Message, StringComparison.Ordinal);
        var stored = Assert.Single(Cosignatures(_archive.Services));
        Assert.Equal(stored.Signature, File.ReadAllBytes(Path.Combine(_state, Witness.CosignatureFile)));
    }

    private static IReadOnlyList<CosignatureStore.Row> Cosignatures(ArchiveCore archive)
    {
        using var connection = archive.Database.Open();
        return CosignatureStore.ReadAll(connection);
    }
}
