using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests.Commands;

/// <summary>
/// <c>verify --trust</c> and <c>audit --state</c> against the archive's own word: one source ingested, the archive
/// folder copied, the rest ingested and the log exported (a checkpoint at size 11) to a folder outside the archive.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class VerifyTrustTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _old;
    private readonly string _trusted;

    public VerifyTrustTests()
    {
        var first = Directory.GetFiles(TempArchive.SampleSources, "*.txt").Order(StringComparer.Ordinal).First();
        Assert.Equal(0, _archive.Run("ingest", first).ExitCode);
        _old = Path.Combine(_archive.Workspace, "old-copy");
        CopyDirectory(_archive.Root, _old);
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        _trusted = Path.Combine(_archive.Workspace, "trusted");
        var export = _archive.Run("log", "export", _trusted);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(11, Checkpoint.TryParse(File.ReadAllText(Path.Combine(_trusted, "checkpoint.txt")))!.TreeSize);
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Verify_TrustedCheckpointTheLogExtends_ExitsZero()
    {
        var result = _archive.Run("verify", "--trust", _trusted, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var trust = JsonNode.Parse(result.Out)!["trust"]!.AsArray().Single()!;
        Assert.Equal(("ok", 11), (trust["status"]!.GetValue<string>(), trust["size"]!.GetValue<int>()));
        Assert.Equal(ArchiveKeyId(), trust["key"]!.GetValue<string>());
        Assert.Contains("(the archive's key)", trust["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ArchiveRolledBackToOlderCopy_ExitsIntegrityProblemNamingCheckpoint()
    {
        Assert.Equal(0, _archive.Run("verify", "--no-record").ExitCode);
        RestoreOldCopy();
        Assert.Equal(0, _archive.Run("verify", "--no-record").ExitCode);

        var result = _archive.Run("verify", "--trust", _trusted, "--no-record");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"ROLLED-BACK trust      trusted checkpoint {_trusted}: it covers 11 events", result.Out, StringComparison.Ordinal);
        Assert.Contains("the log now has only 2: the archive was rolled back to an older state\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("verify: PROBLEMS FOUND (1 trusted checkpoint not held)\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ForkAfterRollback_ExitsIntegrityProblemAtFirstDivergingEvent()
    {
        RestoreOldCopy();
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("fork/other.txt", "a different source")).ExitCode);
        Assert.Equal(0, _archive.Run("verify", "--no-record").ExitCode);

        var shorter = JsonNode.Parse(_archive.Run("verify", "--trust", _trusted, "--no-record", "--json").Out)!["trust"]![0]!;
        for (var i = 0; i < 4; i++)
        {
            _archive.WriteInput($"fork/more-{i}.txt", $"more of the other history, {i}");
        }

        Assert.Equal(0, _archive.Run("ingest", Path.Combine(_archive.Inputs, "fork")).ExitCode);
        var result = _archive.Run("verify", "--trust", _trusted, "--no-record");

        Assert.Equal("rolled-back", shorter["status"]!.GetValue<string>());
        Assert.Contains("the log now has only 4", shorter["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("differ from the trusted history from event 2", shorter["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"REWRITTEN  trust      trusted checkpoint {_trusted}: the log was rewritten since this checkpoint of 11 events: history diverges at event 2", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CheckpointSignedByAnotherKey_ExitsIntegrityProblemNamingIt()
    {
        var otherPem = SignWithNewKey(_trusted, replacePublicKey: true);
        var otherId = KeyId(otherPem);

        var result = _archive.Run("verify", "--trust", _trusted, "--no-record", "--json");
        var pinned = _archive.Run("verify", "--trust", _trusted, "--trust-key", otherPem, "--no-record", "--json");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        var trust = JsonNode.Parse(result.Out)!["trust"]![0]!;
        Assert.Equal("unknown-key", trust["status"]!.GetValue<string>());
        Assert.Contains($"trusted checkpoint {_trusted}: signed with key {otherId[..16]}", trust["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Equal(otherId, JsonNode.Parse(pinned.Out)!["trust"]![0]!["key"]!.GetValue<string>());
    }

    [Fact]
    public void Verify_TrustKeyWithoutTrustFolder_IsAUsageErrorNotASilentOk()
    {
        var otherPem = SignWithNewKey(_trusted, replacePublicKey: true);

        var result = _archive.Run("verify", "--trust-key", otherPem, "--no-record");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--trust-key pins the key of the checkpoints in --trust folders", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("verify: OK", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CheckpointSignedByAnotherKeyBesideArchivePem_ExitsIntegrityProblemBadSignature()
    {
        SignWithNewKey(_trusted, replacePublicKey: false);

        var result = _archive.Run("verify", "--trust", _trusted, "--no-record");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"BAD-SIGNATURE trust      trusted checkpoint {_trusted}: checkpoint.txt does not match checkpoint.sig", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CheckpointEditedAfterSigning_ExitsIntegrityProblemBadSignature()
    {
        var path = Path.Combine(_trusted, "checkpoint.txt");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\n11\n", "\n2\n", StringComparison.Ordinal));
        RestoreOldCopy();

        var result = _archive.Run("verify", "--trust", _trusted, "--no-record", "--json");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        var trust = JsonNode.Parse(result.Out)!["trust"]![0]!;
        Assert.Equal(("bad-signature", 2), (trust["status"]!.GetValue<string>(), trust["size"]!.GetValue<int>()));
    }

    [Fact]
    public void Verify_TrustFolderWithoutCheckpoint_ExitsUsage()
    {
        var result = _archive.Run("verify", "--trust", _archive.Inputs);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("no checkpoint.txt and checkpoint.sig", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_LogGrows_AdvancesTheSavedCheckpoint()
    {
        var state = Path.Combine(_archive.Workspace, "auditor");
        var first = _archive.RunJson("audit", "--state", state);
        _archive.Run("ingest", _archive.WriteInput("later.txt", "ingested after the first audit"));

        var second = _archive.RunJson("audit", "--state", state);

        // The export itself was logged and sealed: the latest checkpoint is at 12.
        Assert.Equal(("started", 12), (first["status"]!.GetValue<string>(), first["size"]!.GetValue<int>()));
        Assert.Equal(("ok", 14, true), (second["status"]!.GetValue<string>(), second["size"]!.GetValue<int>(), second["advanced"]!.GetValue<bool>()));
        Assert.Equal(12, second["previous"]!["size"]!.GetValue<int>());
        Assert.Equal(14, Checkpoint.TryParse(File.ReadAllText(Path.Combine(state, "checkpoint.txt")))!.TreeSize);
        Assert.Equal(14 * 32, new FileInfo(Path.Combine(state, "leaves.sha256")).Length);
    }

    [Fact]
    public void Audit_PinnedKeyDeleted_ExitsIntegrityProblemNamingTheFile()
    {
        var state = Path.Combine(_archive.Workspace, "auditor");
        _archive.RunJson("audit", "--state", state);
        var pinned = Path.Combine(state, "public.pem");
        File.Delete(pinned);

        var result = _archive.Run("audit", "--state", state);
        var trusted = _archive.Run("audit", "--state", state, "--trust-key", _archive.Layout.PublicKeyPath);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.StartsWith($"{pinned} is missing", result.Out, StringComparison.Ordinal);
        Assert.Contains("audit: PROBLEM FOUND", result.Out, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
    }

    [Fact]
    public void Audit_LatestCheckpointRowDisagreesWithItsSignedText_ExitsIntegrityProblemAndSavesNothing()
    {
        var state = Path.Combine(_archive.Workspace, "auditor");
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={_archive.Layout.CatalogPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE checkpoints SET tree_size = 500 WHERE id = (SELECT max(id) FROM checkpoints)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var result = _archive.Run("audit", "--state", state);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains("is stored as size 500", result.Out + result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public void Audit_StateSavedWithoutLeafHashes_GainsThemOnTheNextRunThoughTheLogDidNotGrow()
    {
        var state = Path.Combine(_archive.Workspace, "auditor");
        _archive.RunJson("audit", "--state", state);
        File.Delete(Path.Combine(state, "leaves.sha256"));

        var again = _archive.RunJson("audit", "--state", state);

        Assert.Equal(("ok", false), (again["status"]!.GetValue<string>(), again["advanced"]!.GetValue<bool>()));
        Assert.Equal(again["size"]!.GetValue<int>() * 32, new FileInfo(Path.Combine(state, "leaves.sha256")).Length);
    }

    [Fact]
    public void Audit_SavedLeavesAlteredSoTheyNoLongerRebuildTheRoot_AreNotUsedToNameAnEvent()
    {
        var state = Path.Combine(_archive.Workspace, "auditor");
        _archive.RunJson("audit", "--state", state);
        var leaves = File.ReadAllBytes(Path.Combine(state, "leaves.sha256"));
        leaves[0] ^= 1;
        File.WriteAllBytes(Path.Combine(state, "leaves.sha256"), leaves);
        RestoreOldCopy();
        for (var i = 0; i < 5; i++)
        {
            _archive.WriteInput($"fork/other-{i}.txt", $"another history, {i}");
        }

        Assert.Equal(0, _archive.Run("ingest", Path.Combine(_archive.Inputs, "fork")).ExitCode);

        var forked = JsonNode.Parse(_archive.Run("audit", "--state", state, "--json").Out)!;

        Assert.Equal("rewritten", forked["status"]!.GetValue<string>());
        Assert.Contains("the folder's leaves.sha256 does not rebuild the signed root, so it cannot locate the first changed event", forked["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_ForkAfterRollback_ExitsIntegrityProblemAndKeepsTheSavedCheckpoint()
    {
        var state = Path.Combine(_archive.Workspace, "auditor");
        _archive.RunJson("audit", "--state", state);
        var saved = File.ReadAllBytes(Path.Combine(state, "checkpoint.txt"));
        RestoreOldCopy();
        var rolledBack = _archive.Run("audit", "--state", state);
        for (var i = 0; i < 5; i++)
        {
            _archive.WriteInput($"fork/other-{i}.txt", $"another history, {i}");
        }

        Assert.Equal(0, _archive.Run("ingest", Path.Combine(_archive.Inputs, "fork")).ExitCode);

        var forked = _archive.Run("audit", "--state", state, "--json");

        Assert.True(rolledBack.ExitCode == ExitCodes.IntegrityProblem, rolledBack.ToString());
        Assert.Contains("the archive was rolled back to an older state; the saved checkpoint was kept", rolledBack.Out, StringComparison.Ordinal);
        Assert.True(forked.ExitCode == ExitCodes.IntegrityProblem, forked.ToString());
        var report = JsonNode.Parse(forked.Out)!;
        Assert.Equal(("rewritten", false), (report["status"]!.GetValue<string>(), report["advanced"]!.GetValue<bool>()));
        Assert.Contains("history diverges at event 2 (the folder's leaves.sha256 differs from the current log from there)", report["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllBytes(Path.Combine(state, "checkpoint.txt")));
    }

    private void RestoreOldCopy()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_archive.Root, recursive: true);
        CopyDirectory(_old, _archive.Root);
    }

    private string ArchiveKeyId() => KeyId(_archive.Layout.PublicKeyPath);

    private static string KeyId(string pemPath)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemPath));
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Signs the folder's checkpoint.txt again with a new key; returns the new key's public PEM path.</summary>
    private string SignWithNewKey(string folder, bool replacePublicKey)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = File.ReadAllBytes(Path.Combine(folder, "checkpoint.txt"));
        File.WriteAllBytes(Path.Combine(folder, "checkpoint.sig"), key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var pem = Path.Combine(_archive.Workspace, "other.pem");
        File.WriteAllText(pem, key.ExportSubjectPublicKeyInfoPem() + "\n", new UTF8Encoding(false));
        if (replacePublicKey)
        {
            File.Copy(pem, Path.Combine(folder, "public.pem"), overwrite: true);
        }

        return pem;
    }

    private static void CopyDirectory(string from, string to)
    {
        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
