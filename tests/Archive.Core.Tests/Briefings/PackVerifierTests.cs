using Archive.Core.Briefings;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Briefings;

public sealed class PackVerifierTests
{
    [Fact]
    public void Verify_CitedTextBlobTampered_FailsAndNamesTheCitation()
    {
        using var fixture = new PackFixture();
        var brief = fixture.WriteBrief("tamper.md", "---\ntitle: Tamper\n---\n\nOne [@875f02944d14 \"These requests were declined\"] and two [@72257150c52b \"Some sources say ~20 #ISIS detainees escaped.\"].\n");
        var pack = fixture.Archive.PackBuilder(new ChromiumPdfPrinter(), PackFixture.Templates).Build(brief, Path.Combine(fixture.Root, "out", "tamper.pdf"), "tests");
        Assert.True(pack.IsBuilt);
        Assert.True(fixture.Archive.PackVerifier.Verify(pack.PdfPath!).IsOk);

        var textSha = pack.Check.Citations.Single(c => c.Citation.Number == 2).Resolution.TextSha256;
        var blob = fixture.Archive.Store.PathFor(Sha256Digest.Parse(textSha));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(blob, File.ReadAllText(blob).Replace("~20", "~2000", StringComparison.Ordinal));

        var report = fixture.Archive.PackVerifier.Verify(pack.ManifestPath!);

        Assert.False(report.IsOk);
        Assert.True(report.Citations.Single(c => c.Number == 1).Ok);
        var tampered = report.Citations.Single(c => c.Number == 2);
        Assert.False(tampered.Resolves);
        Assert.Contains(tampered.Problems, p => p.Contains("has changed", StringComparison.Ordinal));
        Assert.True(report.Checks.All(c => c.Ok));
    }

    [Fact]
    public void Verify_PdfReplaced_FailsPdfCheck()
    {
        using var fixture = new PackFixture();
        var brief = fixture.WriteBrief("pdf.md", "---\ntitle: Pdf\n---\n\nOne [@875f02944d14 \"These requests were declined\"].\n");
        var pack = fixture.Archive.PackBuilder(new ChromiumPdfPrinter(), PackFixture.Templates).Build(brief, Path.Combine(fixture.Root, "out", "pdf.pdf"), "tests");
        File.AppendAllText(pack.PdfPath!, "\n% appended\n");

        var report = fixture.Archive.PackVerifier.Verify(pack.PdfPath!);

        Assert.False(report.IsOk);
        Assert.False(report.Checks.Single(c => c.Name == "pdf").Ok);
    }
}
