using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive key</c>, <c>--key</c> and <c>ARCHIVE_KEY</c>: a signing key kept outside the archive, its fingerprint, and a key change that verify and audit follow.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    private string Secure(string name) => Path.Combine(_archive.Workspace, "secure", name);

    [Fact]
    public void Init_WithKeyOutside_ArchiveHoldsOnlyThePublicKey()
    {
        using var outside = new TempArchive();
        var root = Path.Combine(outside.Workspace, "second");
        var keyPath = Path.Combine(outside.Workspace, "secure", "k.pem");

        var init = RunAt(root, "init", "--key", keyPath, "--json");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.False(File.Exists(Path.Combine(root, "keys", "signing-key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        var shown = RunAt(root, "key", "--key", keyPath, "--json");
        var info = JsonNode.Parse(shown.Out)!;
        Assert.Equal(keyPath, info["private_key"]!.GetValue<string>());
        Assert.True(info["private_key_outside_archive"]!.GetValue<bool>());
        Assert.True(info["can_sign"]!.GetValue<bool>());
        Assert.Equal(info["fingerprint"]!.GetValue<string>(), "sha256:" + JsonNode.Parse(init.Out)!["key_id"]!.GetValue<string>());
    }

    [Fact]
    public void Key_Fingerprint_IsWhatOpensslPrintsForThePublicKey()
    {
        var shown = _archive.Run("key");
        var outside = Sh($"openssl pkey -pubin -in '{_archive.Layout.PublicKeyPath}' -outform DER | sha256sum");

        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.StartsWith($"key sha256:{outside.Out[..64]}\n", shown.Out, StringComparison.Ordinal);
        Assert.Contains("(inside the archive)", shown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Json_PrintsThePathAndWhatOpensslPrintsForTheKey()
    {
        var result = _archive.RunJson("key", "generate", Secure("generated.pem"));
        var outside = Sh($"openssl pkey -in '{Secure("generated.pem")}' -pubout -outform DER | sha256sum");

        Assert.Equal(Secure("generated.pem"), result["path"]!.GetValue<string>());
        Assert.Equal("sha256:" + outside.Out[..64], result["fingerprint"]!.GetValue<string>());
    }

    [Fact]
    public void Change_ToKeyOutside_VerifyAuditAndOldTrustedCheckpointFollow()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var trusted = Path.Combine(_archive.Workspace, "trusted");
        Assert.Equal(0, _archive.Run("log", "export", trusted).ExitCode);
        var state = Path.Combine(_archive.Workspace, "auditor");
        var oldKey = _archive.RunJson("audit", "--state", state)["key"]!.GetValue<string>();
        Assert.Equal(0, _archive.Run("key", "generate", Secure("new.pem")).ExitCode);

        var change = _archive.RunJson("key", "change", Secure("new.pem"));
        var ingest = _archive.Run("ingest", _archive.WriteInput("after.txt", "ingested under the new key"), "--key", Secure("new.pem"));
        var verify = _archive.Run("verify", "--trust", trusted, "--no-record", "--json");
        var audit = _archive.RunJson("audit", "--state", state);

        Assert.Equal("sha256:" + oldKey, change["old_key"]!.GetValue<string>());
        Assert.Equal(change["index"]!.GetValue<long>() + 1, change["checkpoint_size"]!.GetValue<long>());
        Assert.Equal(_archive.Layout.DefaultPrivateKeyPath, change["removed_key"]!.GetValue<string>());
        Assert.False(File.Exists(_archive.Layout.DefaultPrivateKeyPath));
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var trust = JsonNode.Parse(verify.Out)!["trust"]![0]!;
        Assert.Equal(oldKey, trust["key"]!.GetValue<string>());
        Assert.Contains($"the key changed since, each change signed by the key it retired: event {change["index"]}", trust["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ok", audit["status"]!.GetValue<string>());
        Assert.Equal(change["new_key"]!.GetValue<string>(), "sha256:" + audit["key"]!.GetValue<string>());
        Assert.Contains($"followed the key change at event {change["index"]}", audit["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_WithRetiredKeyAfterChange_ExitsUsageNamingBothKeys()
    {
        var old = Secure("old.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        File.Copy(_archive.Layout.DefaultPrivateKeyPath, old);
        Assert.Equal(0, _archive.Run("key", "generate", Secure("new.pem")).ExitCode);
        Assert.Equal(0, _archive.Run("key", "change", Secure("new.pem")).ExitCode);

        var result = _archive.Run("ingest", _archive.WriteInput("x.txt", "signed by a retired key?"), "--key", old);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"the signing key {old} (sha256:", result.Err, StringComparison.Ordinal);
        Assert.Contains("is not this archive's key", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_WithoutTheCurrentPrivateKey_ExitsErrorAndLogsNothing()
    {
        Assert.Equal(0, _archive.Run("key", "generate", Secure("new.pem")).ExitCode);
        File.Delete(_archive.Layout.DefaultPrivateKeyPath);

        var result = _archive.Run("key", "change", Secure("new.pem"));

        Assert.True(result.ExitCode == ExitCodes.Error, result.ToString());
        Assert.Contains("a key change must be signed by the key it retires", result.Err, StringComparison.Ordinal);
        Assert.Empty(_archive.RunJson("log").AsArray());
    }

    [Fact]
    public void Generate_OverExistingFile_ExitsUsageAndKeepsTheFile()
    {
        Assert.Equal(0, _archive.Run("key", "generate", Secure("k.pem")).ExitCode);
        var before = File.ReadAllText(Secure("k.pem"));

        var again = _archive.Run("key", "generate", Secure("k.pem"));

        Assert.True(again.ExitCode == ExitCodes.Usage, again.ToString());
        Assert.Contains("already exists: a key is never overwritten", again.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Secure("k.pem")));
    }

    [Fact]
    public void Verify_PublicKeyReplacedByOneNoChangeLeadsTo_ExitsIntegrityProblem()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var state = Path.Combine(_archive.Workspace, "auditor");
        _archive.RunJson("audit", "--state", state);
        // Whoever can write the archive but not read the key: put in their own key and sign a checkpoint with it.
        Assert.Equal(0, _archive.Run("key", "generate", Secure("intruder.pem")).ExitCode);
        File.Delete(_archive.Layout.DefaultPrivateKeyPath);
        File.Delete(_archive.Layout.PublicKeyPath);
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, _archive.Run("init", "--key", Secure("intruder.pem")).ExitCode);
        Assert.Equal(0, _archive.Run("log", "checkpoint", "--key", Secure("intruder.pem")).ExitCode);

        var verify = _archive.Run("verify", "--no-record");
        var audit = _archive.Run("audit", "--state", state);

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        Assert.Contains("signature does not verify with the key in force at size 10", verify.Out, StringComparison.Ordinal);
        Assert.True(audit.ExitCode == ExitCodes.IntegrityProblem, audit.ToString());
        Assert.Contains("and no signed key change in the log leads from that key to", audit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ArchiveKeyVariable_NamesTheKeyOutside()
    {
        var keyPath = Secure("env.pem");
        var root = Path.Combine(_archive.Workspace, "by-env");
        var info = new System.Diagnostics.ProcessStartInfo(TempArchive.CliCommand[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in TempArchive.CliCommand.Skip(1).Concat(["init", "--archive", root]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ARCHIVE_KEY"] = keyPath;
        var result = TempArchive.Finish(System.Diagnostics.Process.Start(info)!);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(keyPath));
        Assert.False(File.Exists(Path.Combine(root, "keys", "signing-key.pem")));
        var shown = JsonNode.Parse(RunAt(root, "key", "--key", keyPath, "--json").Out)!;
        Assert.True(shown["can_sign"]!.GetValue<bool>());
        Assert.Contains(shown["fingerprint"]!.GetValue<string>()[7..], result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_KeyKeptOutsideButNotGiven_IsRefusedBeforeAnythingIsStored()
    {
        using var outside = new TempArchive();
        var root = Path.Combine(outside.Workspace, "second");
        var keyPath = Path.Combine(outside.Workspace, "secure", "k.pem");
        Assert.Equal(0, RunAt(root, "init", "--key", keyPath).ExitCode);
        var input = outside.WriteInput("one.txt", "a report that must not be stored unsigned");

        var refused = RunAt(root, "ingest", input, "--json");
        var signed = RunAt(root, "ingest", input, "--key", keyPath);

        Assert.True(refused.ExitCode == ExitCodes.Error, refused.ToString());
        Assert.Contains("--key PEM or set ARCHIVE_KEY", refused.Err, StringComparison.Ordinal);
        var json = JsonNode.Parse(refused.Out)!;
        Assert.Equal(ExitCodes.Error, json["exit_code"]!.GetValue<int>());
        Assert.Contains("private signing key is not readable here", json["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        // Nothing was staged by the refused ingest: the one blob and text are the signed ingest's, and verify is clean.
        var verify = RunAt(root, "verify", "--no-record", "--key", keyPath);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Ingest_NamedKeyMissing_IsRefusedNamingItWhileReadingStillWorks()
    {
        var input = _archive.WriteInput("one.txt", "a report");

        var result = _archive.Run("ingest", input, "--key", Secure("absent.pem"));
        var verify = _archive.Run("verify", "--no-record", "--key", Secure("absent.pem"));

        Assert.True(result.ExitCode == ExitCodes.Error, result.ToString());
        Assert.Contains($"cannot write: the signing key named by --key or ARCHIVE_KEY is not there: {Secure("absent.pem")}", result.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_archive.Layout.BlobsPath, "*", SearchOption.AllDirectories));
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("public")]
    public void Ingest_KeyFileNotAPrivateKey_ExitsUsageNamingTheFileAndStoresNothing(string kind)
    {
        var key = Secure("bad.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        File.WriteAllText(key, kind == "public" ? File.ReadAllText(_archive.Layout.PublicKeyPath) : "x\n");

        var result = _archive.Run("ingest", _archive.WriteInput("one.txt", "a report"), "--key", key);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{key}: not a PEM ECDSA P-256 private key", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_archive.Layout.BlobsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Verify_ArchiveKeyFileNotAKey_VerifiesWithThePublicKeyWhileWritesAreRefusedNamingTheFile()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        File.WriteAllText(_archive.Layout.DefaultPrivateKeyPath, "junk\n");

        var verify = _archive.Run("verify", "--no-record");
        var ingest = _archive.Run("ingest", _archive.WriteInput("one.txt", "a report"));

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(ingest.ExitCode == 2, ingest.ToString());
        Assert.Contains($"cannot write: {_archive.Layout.DefaultPrivateKeyPath}: not a PEM ECDSA P-256 private key", ingest.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ArchiveKeySwappedAndLogResigned_PinnedVerifySaysSoAndAuditFails()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var trusted = Path.Combine(_archive.Workspace, "trusted");
        Assert.Equal(0, _archive.Run("log", "export", trusted).ExitCode);
        var state = Path.Combine(_archive.Workspace, "auditor");
        Assert.Equal("started", _archive.RunJson("audit", "--state", state)["status"]!.GetValue<string>());
        // Whoever can write the archive swaps in a key of their own and re-signs every checkpoint with it, with no
        // signed hand-over from the old key (the history itself is left as it was).
        Assert.Equal(0, _archive.Run("key", "generate", Secure("forger.pem")).ExitCode);
        File.Copy(Secure("forger.pem"), _archive.Layout.DefaultPrivateKeyPath, overwrite: true);
        Assert.Equal(0, Sh($"openssl pkey -in '{Secure("forger.pem")}' -pubout -out '{_archive.Layout.PublicKeyPath}'").ExitCode);
        var forgerId = Sh($"openssl pkey -pubin -in '{_archive.Layout.PublicKeyPath}' -outform DER | sha256sum").Out[..64];
        ResignCheckpoints(Secure("forger.pem"), forgerId);

        var plain = _archive.Run("verify", "--no-record");
        var unpinned = _archive.Run("verify", "--trust", trusted, "--no-record", "--json");
        var pinned = _archive.Run("verify", "--trust", trusted, "--trust-key", Path.Combine(trusted, "public.pem"), "--no-record", "--json");
        var audit = _archive.Run("audit", "--state", state, "--json");

        Assert.True(plain.ExitCode == 0, plain.ToString()); // the archive's own word cannot tell
        Assert.True(unpinned.ExitCode == 3, unpinned.ToString());
        Assert.Equal("unknown-key", JsonNode.Parse(unpinned.Out)!["trust"]![0]!["status"]!.GetValue<string>());
        // Pinned, the old checkpoint still holds (the history was not changed), and the report says the key was not handed over.
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Contains($"no signed key change in the log leads to it from the pinned key", JsonNode.Parse(pinned.Out)!["trust"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(audit.ExitCode == 3, audit.ToString());
        Assert.Equal("bad-signature", JsonNode.Parse(audit.Out)!["status"]!.GetValue<string>());
    }

    [Fact]
    public void LogExport_IntoAFolderHoldingAnEarlierExport_IsRefusedAndKeepsIt()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var trusted = Path.Combine(_archive.Workspace, "trusted");
        Assert.Equal(0, _archive.Run("log", "export", trusted).ExitCode);
        var saved = File.ReadAllText(Path.Combine(trusted, "checkpoint.txt"));
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later report")).ExitCode);

        var again = _archive.Run("log", "export", trusted);

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("is not empty", again.Err, StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllText(Path.Combine(trusted, "checkpoint.txt")));
    }

    /// <summary>Signs every checkpoint body again with <paramref name="keyPath"/> (openssl, DER ECDSA), as a forger would.</summary>
    private void ResignCheckpoints(string keyPath, string keyId)
    {
        var rows = new List<(long Id, string Body)>();
        using (var connection = new SqliteConnection($"Data Source={_archive.Layout.CatalogPath};Pooling=False"))
        {
            connection.Open();
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT id, body FROM checkpoints";
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            foreach (var (id, body) in rows)
            {
                var bodyPath = Path.Combine(_archive.Workspace, "body.txt");
                var signaturePath = Path.Combine(_archive.Workspace, "body.sig");
                File.WriteAllText(bodyPath, body);
                Assert.Equal(0, Sh($"openssl dgst -sha256 -sign '{keyPath}' -out '{signaturePath}' '{bodyPath}'").ExitCode);
                using var update = connection.CreateCommand();
                update.CommandText = "UPDATE checkpoints SET signature = $s, key_id = $k WHERE id = $id";
                update.Parameters.AddWithValue("$s", File.ReadAllBytes(signaturePath));
                update.Parameters.AddWithValue("$k", keyId);
                update.Parameters.AddWithValue("$id", id);
                update.ExecuteNonQuery();
            }
        }
    }

    private static CliResult RunAt(string root, params string[] args) => TempArchive.RunAt(root, args);

    private static CliResult Sh(string script) => TempArchive.Finish(TempArchive.StartProcess("sh", ["-c", script]));
}
