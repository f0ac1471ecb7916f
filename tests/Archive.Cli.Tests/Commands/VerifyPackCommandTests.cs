using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

// The built PDF is read-only; the tamper test changes its mode first.
[UnsupportedOSPlatform("windows")]
public sealed class VerifyPackCommandTests : IDisposable
{
    private const string Quote = "forty detainees escaped through a tunnel";

    private readonly TempArchive _archive = new();
    private readonly string _pdf;

    public VerifyPackCommandTests()
    {
        var report = _archive.WriteInput("report.txt", $"Prison report\n\nOfficials said on Monday that {Quote} under the north wall.\n");
        Assert.Equal(0, _archive.Run("ingest", report).ExitCode);
        var id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
        var brief = _archive.WriteInput("pack.md", $"---\ntitle: Pack to verify\n---\n\nThe report says [@{id[7..19]} \"{Quote}\"].\n");
        _pdf = Path.Combine(_archive.Workspace, "out", "pack.pdf");
        var built = _archive.Run("brief", brief, "-o", _pdf, "--templates", BriefCommandTests.Templates);
        Assert.True(built.ExitCode == 0, built.ToString());
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void VerifyPack_BuiltPack_ExitsZeroWithEveryCheckAndCitationOk()
    {
        var result = _archive.Run("verify-pack", _pdf, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Out)!;
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.All(report["checks"]!.AsArray(), c => Assert.True(c!["ok"]!.GetValue<bool>(), c.ToJsonString()));
        var citation = Assert.Single(report["citations"]!.AsArray())!;
        Assert.Equal(Quote, citation["exact"]!.GetValue<string>());
    }

    [Fact]
    public void VerifyPack_OneByteOfThePdfChanged_ExitsIntegrityProblemNamingThePdfCheck()
    {
        File.SetUnixFileMode(_pdf, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = File.ReadAllBytes(_pdf);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(_pdf, bytes);

        var result = _archive.Run("verify-pack", _pdf, "--json");

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        var report = JsonNode.Parse(result.Out)!;
        Assert.False(report["ok"]!.GetValue<bool>());
        var failed = report["checks"]!.AsArray().Where(c => !c!["ok"]!.GetValue<bool>()).Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("pdf", failed);
    }

    [Fact]
    public void VerifyPack_PdfAloneInAnEmptyFolder_ExitsZeroUsingTheEmbeddedManifest()
    {
        var alone = Path.Combine(_archive.Workspace, "alone", "pack.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(alone)!);
        File.Move(_pdf, alone);

        var result = _archive.Run("verify-pack", alone);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("ok      manifest   no manifest beside the PDF; using the manifest.json and manifest.json.sig embedded in it\n", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("verify-pack: OK (1 citations)\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_PdfResavedByQpdf_FailsSayingAPdfToolRewroteIt()
    {
        var alone = Path.Combine(_archive.Workspace, "alone", "pack.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(alone)!);
        var qpdf = TempArchive.Finish(TempArchive.StartProcess("qpdf", [_pdf, alone]));
        Assert.True(qpdf.ExitCode == 0, qpdf.ToString());

        var result = _archive.Run("verify-pack", alone);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains("FAILED  pdf        pack.pdf (its first", result.Out, StringComparison.Ordinal);
        Assert.Contains("the file still carries this pack's manifest, so the signed part was changed: edited, or re-saved by a PDF tool", result.Out, StringComparison.Ordinal);
    }

    // qpdf rewrites the file in other forms too: an indirect /Length (--qdf), a linearized file whose first trailer
    // sits at the start (--linearize), and the catalog and filespecs inside compressed object streams found through a
    // cross-reference stream (--object-streams=generate). The embedded manifest is still read, signed and hashed.
    [Theory]
    [InlineData("--qdf")]
    [InlineData("--linearize")]
    [InlineData("--object-streams=generate")]
    [InlineData("--linearize --object-streams=generate")]
    public void VerifyPack_PdfResavedByQpdfInAnotherForm_ChecksTheEmbeddedManifestAndSaysAPdfToolRewroteIt(string options)
    {
        var alone = Path.Combine(_archive.Workspace, "alone", "pack.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(alone)!);
        var qpdf = TempArchive.Finish(TempArchive.StartProcess("qpdf", [.. options.Split(' '), _pdf, alone]));
        Assert.True(qpdf.ExitCode == 0, qpdf.ToString());

        var result = _archive.Run("verify-pack", alone);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.StartsWith("ok      manifest   no manifest beside the PDF; using the manifest.json and manifest.json.sig embedded in it\nok      signature  the manifest is signed by the archive key", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nok      body       body digest sha256:", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nFAILED  pdf        pack.pdf (its first", result.Out, StringComparison.Ordinal);
        Assert.Contains("the file still carries this pack's manifest, so the signed part was changed: edited, or re-saved by a PDF tool", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nok      catalog    pack ", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nok      [1]", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_PdfEncryptedByQpdf_FailsSayingAPdfToolRewroteItInAFormItCannotRead()
    {
        var alone = Path.Combine(_archive.Workspace, "alone", "pack.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(alone)!);
        var qpdf = TempArchive.Finish(TempArchive.StartProcess("qpdf", ["--encrypt", string.Empty, string.Empty, "256", "--", _pdf, alone]));
        Assert.True(qpdf.ExitCode == 0, qpdf.ToString());

        var result = _archive.Run("verify-pack", alone);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Equal(
            $"FAILED  manifest   no manifest at {Path.ChangeExtension(alone, ".manifest.json")}, and the one embedded in pack.pdf cannot be read: the PDF was re-saved by a PDF tool (or damaged) in a form verify-pack does not read (it is encrypted); verify the file as it was downloaded, or give verify-pack the pack's manifest file (NAME.manifest.json with its .sig, the PDF beside them)\nverify-pack: PROBLEMS FOUND\n",
            result.Out);
    }

    [Fact]
    public void VerifyPack_NoSuchFile_ExitsNotFoundNamingIt()
    {
        var missing = Path.Combine(_archive.Workspace, "none.pdf");

        var result = _archive.Run("verify-pack", missing);

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        Assert.Equal($"archive: file not found: {missing}\n", result.Err);
    }
}
