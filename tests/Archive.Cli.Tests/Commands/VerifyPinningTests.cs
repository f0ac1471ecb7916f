using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

/// <summary>
/// <c>verify</c> with witness keys and TSA certificates the auditor pins (by flag or in a <c>--trust</c> folder), and
/// the cosignatures and time-stamp token <c>log export</c> writes beside the checkpoint, checked by openssl and by verify.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class VerifyPinningTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly TestTsa _tsa;
    private readonly string _witnessKey;
    private readonly string _witnessState;

    public VerifyPinningTests()
    {
        _tsa = new TestTsa(_archive.Workspace, "alpha");
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        _witnessKey = Path.Combine(_archive.Workspace, "witness", "key.pem");
        _witnessState = Path.Combine(_archive.Workspace, "witness", "state");
        Assert.Equal(0, _archive.Run("key", "generate", _witnessKey).ExitCode);
    }

    public void Dispose()
    {
        _tsa.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public void Export_CosignedAndStampedCheckpoint_WritesTokenAndCosignaturesThatOpensslAndVerifyTrustAccept()
    {
        var folder = CosignStampAndExport("trusted");
        var fingerprint = WitnessFingerprint(_witnessState);
        var witnesses = Path.Combine(folder, "witnesses");

        var cosig = TempArchive.Finish(TempArchive.StartProcess("openssl",
            ["dgst", "-sha256", "-verify", Path.Combine(witnesses, fingerprint + ".pem"), "-signature", Path.Combine(witnesses, fingerprint + ".cosig"), Path.Combine(folder, "checkpoint.txt")]));
        var token = TempArchive.Finish(TempArchive.StartProcess("openssl",
            ["ts", "-verify", "-data", Path.Combine(folder, "checkpoint.txt"), "-in", Path.Combine(folder, "checkpoint.tst"), "-token_in", "-CAfile", Path.Combine(folder, "tsa-certs.pem")]));
        var verify = _archive.Run("verify", "--no-record", "--json", "--trust", folder);

        Assert.Equal([fingerprint + ".cosig", fingerprint + ".pem"], Directory.GetFiles(witnesses).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(cosig.ExitCode == 0 && cosig.Out == "Verified OK\n", cosig.ToString());
        Assert.True(token.ExitCode == 0 && token.Out.Contains("Verification: OK", StringComparison.Ordinal), token.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var trust = JsonNode.Parse(verify.Out)!["trust"]!.AsArray().Single()!;
        Assert.Equal("ok", trust["status"]!.GetValue<string>());
        Assert.Equal([fingerprint], trust["witnesses"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.NotNull(trust["timestamped_at"]?.GetValue<string>());
        Assert.Contains("time-stamped", trust["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_StoredCosignatureByUnpinnedWitness_ExitsIntegrityProblemNamingTheWitness()
    {
        _archive.RunJson("log", "cosign", "--state", _witnessState, "--witness-key", _witnessKey);
        var other = Path.Combine(_archive.Workspace, "other", "key.pem");
        Assert.Equal(0, _archive.Run("key", "generate", other).ExitCode);
        var otherPublic = Path.Combine(_archive.Workspace, "other", "public.pem");
        File.WriteAllText(otherPublic, PublicPem(other));

        var alone = _archive.Run("verify", "--no-record");
        var pinnedOther = _archive.Run("verify", "--no-record", "--witness-key", otherPublic);
        var pinnedRight = _archive.Run("verify", "--no-record", "--witness-key", Path.Combine(_witnessState, "witness.pem"));

        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.True(pinnedOther.ExitCode == ExitCodes.IntegrityProblem, pinnedOther.ToString());
        Assert.Contains($"witness sha256:{WitnessFingerprint(_witnessState)} is not pinned by the auditor", pinnedOther.Out, StringComparison.Ordinal);
        Assert.True(pinnedRight.ExitCode == 0, pinnedRight.ToString());
    }

    [Fact]
    public void Verify_TrustFolderPinsItsWitnessThenAnotherWitnessCosigns_ExitsIntegrityProblemNamingTheNewWitness()
    {
        var folder = CosignStampAndExport("trusted");
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);
        var rogueKey = Path.Combine(_archive.Workspace, "rogue", "key.pem");
        var rogueState = Path.Combine(_archive.Workspace, "rogue", "state");
        Assert.Equal(0, _archive.Run("key", "generate", rogueKey).ExitCode);
        _archive.RunJson("log", "cosign", "--state", rogueState, "--witness-key", rogueKey);

        var alone = _archive.Run("verify", "--no-record");
        var trusted = _archive.Run("verify", "--no-record", "--trust", folder);

        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.True(trusted.ExitCode == ExitCodes.IntegrityProblem, trusted.ToString());
        Assert.Contains($"witness sha256:{WitnessFingerprint(rogueState)} is not pinned by the auditor", trusted.Out, StringComparison.Ordinal);
        Assert.DoesNotContain($"witness sha256:{WitnessFingerprint(_witnessState)} is not pinned", trusted.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TrustFolderPinsItsTsaThenAnotherTsaStamps_ExitsIntegrityProblemNamingTheOtherTsa()
    {
        var folder = CosignStampAndExport("trusted");
        using var rogue = new TestTsa(_archive.Workspace, "rogue");
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);
        _archive.RunJson("log", "timestamp", "--tsa", rogue.Url.ToString(), "--tsa-cert", rogue.CaPem);

        var alone = _archive.Run("verify", "--no-record");
        var trusted = _archive.Run("verify", "--no-record", "--json", "--trust", folder);

        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.True(trusted.ExitCode == ExitCodes.IntegrityProblem, trusted.ToString());
        var stamps = JsonNode.Parse(trusted.Out)!["timestamps"]!.AsArray();
        Assert.Equal(["ok", "failed"], stamps.Select(s => s!["status"]!.GetValue<string>()));
        Assert.Contains("wrong TSA: the token is signed by CN=rogue test TSA", stamps[1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TrustFolderCosignatureOverAnotherCheckpoint_ExitsBadCosignatureNamingTheWitness()
    {
        var first = CosignStampAndExport("first");
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("later.txt", "a later source")).ExitCode);
        var second = CosignStampAndExport("second");
        var fingerprint = WitnessFingerprint(_witnessState);
        File.Copy(Path.Combine(first, "witnesses", fingerprint + ".cosig"), Path.Combine(second, "witnesses", fingerprint + ".cosig"), overwrite: true);

        var verify = _archive.Run("verify", "--no-record", "--json", "--trust", second);

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        var trust = JsonNode.Parse(verify.Out)!["trust"]!.AsArray().Single()!;
        Assert.Equal("bad-cosignature", trust["status"]!.GetValue<string>());
        Assert.Contains($"the cosignature by witness sha256:{fingerprint[..16]}… (witnesses/{fingerprint}.cosig) does not verify over checkpoint.txt", trust["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WitnessStateFolderAsTrust_ChecksItsCosignatureAndPinsItsKey()
    {
        _archive.RunJson("log", "cosign", "--state", _witnessState, "--witness-key", _witnessKey);
        var fingerprint = WitnessFingerprint(_witnessState);
        var good = _archive.Run("verify", "--no-record", "--json", "--trust", _witnessState);
        var cosig = Path.Combine(_witnessState, "checkpoint.cosig");
        var bytes = File.ReadAllBytes(cosig);
        bytes[^2] ^= 0x01;
        File.WriteAllBytes(cosig, bytes);

        var bad = _archive.Run("verify", "--no-record", "--json", "--trust", _witnessState);

        Assert.True(good.ExitCode == 0, good.ToString());
        var trust = JsonNode.Parse(good.Out)!["trust"]!.AsArray().Single()!;
        Assert.Equal([fingerprint], trust["witnesses"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.True(bad.ExitCode == ExitCodes.IntegrityProblem, bad.ToString());
        var failed = JsonNode.Parse(bad.Out)!["trust"]!.AsArray().Single()!;
        Assert.Equal("bad-cosignature", failed["status"]!.GetValue<string>());
        Assert.Contains($"witness sha256:{fingerprint[..16]}… (checkpoint.cosig) does not verify", failed["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TrustFolderTokenChanged_ExitsBadTimestamp()
    {
        var folder = CosignStampAndExport("trusted");
        var token = Path.Combine(folder, "checkpoint.tst");
        var bytes = File.ReadAllBytes(token);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(token, bytes);

        var verify = _archive.Run("verify", "--no-record", "--json", "--trust", folder);

        Assert.True(verify.ExitCode == ExitCodes.IntegrityProblem, verify.ToString());
        var trust = JsonNode.Parse(verify.Out)!["trust"]!.AsArray().Single()!;
        Assert.Equal("bad-timestamp", trust["status"]!.GetValue<string>());
        Assert.Contains("but the time stamp checkpoint.tst: the token", trust["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The witness cosigns the latest checkpoint, the TSA stamps it, and the log is exported to a new folder.</summary>
    private string CosignStampAndExport(string name)
    {
        var cosigned = _archive.RunJson("log", "cosign", "--state", _witnessState, "--witness-key", _witnessKey);
        Assert.Equal("cosigned", cosigned["message"]!.GetValue<string>()[..8]);
        var stamp = _archive.RunJson("log", "timestamp", "--tsa", _tsa.Url.ToString(), "--tsa-cert", _tsa.CaPem);
        Assert.Equal(cosigned["size"]!.GetValue<long>(), stamp["checkpoint_size"]!.GetValue<long>());
        var folder = Path.Combine(_archive.Workspace, name);
        var export = _archive.Run("log", "export", folder);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("cosignature: openssl dgst -sha256 -verify", export.Out, StringComparison.Ordinal);
        return folder;
    }

    private static string WitnessFingerprint(string state)
    {
        using var key = Archive.Core.Provenance.CheckpointSigner.LoadPublicKey(Path.Combine(state, "witness.pem"));
        return key.KeyId;
    }

    private static string PublicPem(string privateKeyPath)
    {
        using var key = Archive.Core.Provenance.CheckpointSigner.LoadPrivateKey(privateKeyPath);
        return key.PublicKeyPem + "\n";
    }
}
