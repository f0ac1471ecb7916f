using System.Runtime.Versioning;

namespace Archive.Cli.Tests.Scripts;

/// <summary><c>scripts/verify-outside.sh</c>, which checks an archive with python3 and openssl only, on a real archive.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class VerifyOutsideScriptTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _export;

    public VerifyOutsideScriptTests()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        _export = Path.Combine(_archive.Workspace, "export");
        var export = _archive.Run("log", "export", _export);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Run_IntactArchive_PassesWithEveryBlobAndLine()
    {
        var result = RunScript();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("5 blobs re-hashed, 10 log lines folded, signature ok", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("verify-outside: OK\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ArchiveWithAPdf_NamesItsWordLayoutAsTheEventDoes()
    {
        var pdf = Path.Combine(_archive.Inputs, "statement.pdf");
        Directory.CreateDirectory(_archive.Inputs);
        File.WriteAllBytes(pdf, MinimalPdf.Build(["A statement on the transfers.", "Its second page."], title: "Statement"));
        Assert.Equal(0, _archive.Run("ingest", pdf).ExitCode);
        Assert.Equal(0, _archive.Run("log", "export", Path.Combine(_archive.Workspace, "export-pdf")).ExitCode);

        var result = RunScript(Path.Combine(_archive.Workspace, "export-pdf"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("8 blobs re-hashed, 13 log lines folded, signature ok", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("verify-outside: OK\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OneBlobDeleted_ReportsThatBlobMissing()
    {
        var id = _archive.RunJson("list")["items"]![3]!["id"]!.GetValue<string>();
        var blob = Path.Combine("blobs", "sha256", id[7..9], id[7..]);
        File.Delete(Path.Combine(_archive.Root, blob));

        var result = RunScript();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"MISSING {blob} (original of {id[..19]}, text of {id[..19]})", result.Out.Split('\n')[0]);
        Assert.Contains("verify-outside: 1 problems", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OneLogLineEdited_ReportsRootMismatch()
    {
        var log = Path.Combine(_export, "log.jsonl");
        var lines = File.ReadAllLines(log);
        lines[4] = lines[4].Replace("\"outcome\":\"ok\"", "\"outcome\":\"OK\"", StringComparison.Ordinal);
        Assert.NotEqual(File.ReadAllLines(log)[4], lines[4]);
        File.WriteAllText(log, string.Join('\n', lines) + "\n");

        var result = RunScript();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("\nROOT log.jsonl folds to ", "\n" + result.Out, StringComparison.Ordinal);
        Assert.Contains("LOG line 6 (index 5): prev does not name the leaf hash of the line before", result.Out, StringComparison.Ordinal);
        Assert.Contains("signature ok", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ExportWithCosignatureAndToken_ChecksBothAndNamesAChangedCosignatureOrAnotherTsa()
    {
        using var tsa = new TestTsa(_archive.Workspace, "alpha");
        using var other = new TestTsa(_archive.Workspace, "beta");
        var key = Path.Combine(_archive.Workspace, "witness", "key.pem");
        Assert.Equal(0, _archive.Run("key", "generate", key).ExitCode);
        var state = Path.Combine(_archive.Workspace, "witness", "state");
        _archive.RunJson("log", "cosign", "--state", state, "--witness-key", key);
        _archive.RunJson("log", "timestamp", "--tsa", tsa.Url.ToString(), "--tsa-cert", tsa.CaPem);
        var attested = Path.Combine(_archive.Workspace, "attested");
        Assert.Equal(0, _archive.Run("log", "export", attested).ExitCode);
        var script = Path.Combine(TempArchive.RepositoryRoot, "scripts", "verify-outside.sh");

        var intact = TempArchive.Finish(TempArchive.StartProcess("bash", [script, attested, _archive.Root]));
        var pinnedOther = TempArchive.Finish(TempArchive.StartProcess("env", [$"TSA_CA={other.CaPem}", "bash", script, attested, _archive.Root]));
        var cosig = Directory.GetFiles(Path.Combine(attested, "witnesses"), "*.cosig").Single();
        File.WriteAllBytes(cosig, File.ReadAllBytes(Path.Combine(state, "checkpoint.cosig")).Reverse().ToArray());
        var changed = TempArchive.Finish(TempArchive.StartProcess("bash", [script, attested, _archive.Root]));

        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Contains($"cosignature by witness sha256:{Path.GetFileNameWithoutExtension(cosig)}\n", intact.Out, StringComparison.Ordinal);
        Assert.Contains("time stamp checkpoint.tst against ", intact.Out, StringComparison.Ordinal);
        Assert.True(pinnedOther.ExitCode == 1, pinnedOther.ToString());
        Assert.Contains($"TIMESTAMP checkpoint.tst does not verify over checkpoint.txt against {other.CaPem}", pinnedOther.Out, StringComparison.Ordinal);
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Contains($"COSIGNATURE witnesses/{Path.GetFileName(cosig)} does not verify over checkpoint.txt", changed.Out, StringComparison.Ordinal);
    }

    private CliResult RunScript(string? export = null) =>
        TempArchive.Finish(TempArchive.StartProcess("bash", [Path.Combine(TempArchive.RepositoryRoot, "scripts", "verify-outside.sh"), export ?? _export, _archive.Root]));
}
