using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive log cosign</c>: a witness that cosigns only a log that grew, checked by openssl and by verify.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CosignCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _state;
    private readonly string _key;

    public CosignCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        _state = Path.Combine(_archive.Workspace, "witness", "state");
        _key = Path.Combine(_archive.Workspace, "witness", "key.pem");
        Assert.Equal(0, _archive.Run("key", "generate", _key).ExitCode);
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Cosign_TwoRounds_CosignaturesOpensslAndVerifyAccept()
    {
        var first = _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);

        var second = _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        var openssl = TempArchive.Finish(TempArchive.StartProcess("openssl",
            ["dgst", "-sha256", "-verify", Path.Combine(_state, "witness.pem"), "-signature", Path.Combine(_state, "checkpoint.cosig"), Path.Combine(_state, "checkpoint.txt")]));
        var verify = _archive.Run("verify", "--no-record");

        Assert.Equal(("started", 10), (first["status"]!.GetValue<string>(), first["size"]!.GetValue<int>()));
        Assert.Equal(("ok", 12), (second["status"]!.GetValue<string>(), second["size"]!.GetValue<int>()));
        Assert.StartsWith("cosigned checkpoint 12 as witness sha256:", second["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(openssl.ExitCode == 0 && openssl.Out == "Verified OK\n", openssl.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Audit_OfAWitnessState_DropsTheCosignatureOfTheReplacedCheckpointSoTrustDoesNotCallItForged()
    {
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);

        var audit = _archive.Run("audit", "--state", _state);
        var cosignatureAfterAudit = File.Exists(Path.Combine(_state, "checkpoint.cosig"));
        var trust = _archive.Run("verify", "--no-record", "--trust", _state);
        var cosign = _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        var afterCosign = _archive.Run("verify", "--no-record", "--trust", _state);

        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.False(cosignatureAfterAudit);
        Assert.True(trust.ExitCode == 0, trust.ToString());
        Assert.DoesNotContain("BAD-COSIGNATURE", trust.Out, StringComparison.Ordinal);
        Assert.Equal("ok", cosign["status"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(_state, "checkpoint.cosig")));
        Assert.True(afterCosign.ExitCode == 0, afterCosign.ToString());
    }

    [Fact]
    public void Cosign_ArchiveSigningKeyAsWitness_ExitsUsageAndCosignsNothing()
    {
        var result = _archive.Run("log", "cosign", "--state", _state, "--witness-key", _archive.Layout.DefaultPrivateKeyPath);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"the witness key {_archive.Layout.DefaultPrivateKeyPath} (sha256:", result.Err, StringComparison.Ordinal);
        Assert.Contains("is the archive's own signing key", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_state));
        Assert.Equal(0, CosignatureCount());
    }

    [Fact]
    public void Cosign_StateOfAnotherWitness_ExitsUsageNamingBothFingerprints()
    {
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        var other = Path.Combine(_archive.Workspace, "witness", "other.pem");
        Assert.Equal(0, _archive.Run("key", "generate", other).ExitCode);
        var saved = File.ReadAllText(Path.Combine(_state, "witness.pem"));

        var result = _archive.Run("log", "cosign", "--state", _state, "--witness-key", other);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"(sha256:{Fingerprint(other)}) is not the witness of {_state}, whose witness.pem is sha256:{Fingerprint(_key)}", result.Err, StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllText(Path.Combine(_state, "witness.pem")));
        Assert.Equal(1, CosignatureCount());
    }

    [Fact]
    public void Cosign_SameCheckpointTwice_SaysNothingNewAndStoresOneCosignature()
    {
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);

        var again = _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        var text = _archive.Run("log", "cosign", "--state", _state, "--witness-key", _key);

        Assert.Contains("is already cosigned by witness sha256:", again["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("nothing new stored", again["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0 && text.Out.StartsWith("checkpoint 10 is already cosigned", StringComparison.Ordinal), text.ToString());
        Assert.Equal(1, CosignatureCount());
    }

    [Fact]
    public void Cosign_LogRewrittenAndResignedWithTheArchiveKey_RefusesAndKeepsTheState()
    {
        SqliteConnection.ClearAllPools();
        var old = Path.Combine(_archive.Workspace, "old");
        Copy(_archive.Root, old);
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        var saved = File.ReadAllBytes(Path.Combine(_state, "checkpoint.txt"));
        // Back to the copy, and another history on top, every checkpoint signed by the archive's own key.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_archive.Root, recursive: true);
        Copy(old, _archive.Root);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput($"fork/{i}.txt", $"another history {i}")).ExitCode);
        }

        var result = _archive.Run("log", "cosign", "--state", _state, "--witness-key", _key);

        Assert.True(_archive.Run("verify", "--no-record").ExitCode == 0, "the archive alone cannot see the fork");
        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.StartsWith("refused to cosign: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("the log was rewritten since this checkpoint of 12 events", result.Out, StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(_state, "checkpoint.txt")));
    }

    [Fact]
    public void Verify_CosignatureOverAnotherRoot_ExitsIntegrityProblemNamingWitnessAndCheckpoint()
    {
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={_archive.Layout.CatalogPath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE cosignatures SET signature = (SELECT signature FROM cosignatures ORDER BY id LIMIT 1) WHERE id = (SELECT max(id) FROM cosignatures)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        SqliteConnection.ClearAllPools();
        var verify = _archive.Run("verify", "--no-record");

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains("cosignature by witness sha256:", verify.Out, StringComparison.Ordinal);
        Assert.Contains("on checkpoint 12: does not verify over that checkpoint", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PinnedWitnessWhoseCosignaturesWereDeleted_ExitsIntegrityProblemNamingIt()
    {
        _archive.RunJson("log", "cosign", "--state", _state, "--witness-key", _key);
        var pinned = Path.Combine(_state, "witness.pem");
        Assert.Equal(0, _archive.Run("verify", "--no-record", "--witness-key", pinned).ExitCode);
        using (var connection = new SqliteConnection($"Data Source={_archive.Layout.CatalogPath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM cosignatures";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        SqliteConnection.ClearAllPools();
        var verify = _archive.Run("verify", "--no-record", "--witness-key", pinned);

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains("is pinned by the auditor but no cosignature of it holds over any checkpoint here", verify.Out, StringComparison.Ordinal);
    }

    private long CosignatureCount()
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={_archive.Layout.CatalogPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'cosignatures'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT count(*) FROM cosignatures";
        return (long)command.ExecuteScalar()!;
    }

    // SHA-256 of the DER SubjectPublicKeyInfo, worked out here rather than by the code under test.
    private static string Fingerprint(string pemPath)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemPath));
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
