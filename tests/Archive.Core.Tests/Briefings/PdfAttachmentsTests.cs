using Archive.Core.Briefings;

namespace Archive.Core.Tests.Briefings;

public sealed class PdfAttachmentsTests(PackFixture fixture) : IClassFixture<PackFixture>
{
    private const int MaxInflated = 1 << 20;

    [Theory]
    [InlineData("--qdf")]
    [InlineData("--linearize")]
    [InlineData("--object-streams=generate")]
    [InlineData("--linearize --object-streams=generate")]
    public void Read_PackResavedByQpdf_ReturnsTheEmbeddedManifestAndSignature(string options)
    {
        var bytes = File.ReadAllBytes(Qpdf(options.Replace(' ', '_'), [.. options.Split(' ')]));

        Assert.Equal(File.ReadAllBytes(fixture.Pack.ManifestPath!), PdfAttachments.Read(bytes, PackManifest.EmbeddedName, MaxInflated));
        Assert.Equal(File.ReadAllBytes(fixture.Pack.SignaturePath!), PdfAttachments.Read(bytes, PackManifest.EmbeddedSignatureName, MaxInflated));
    }

    [Fact]
    public void Find_PackEncryptedByQpdf_ReturnsUnsupportedSayingItIsEncrypted()
    {
        var bytes = File.ReadAllBytes(Qpdf("encrypted", "--encrypt", string.Empty, string.Empty, "256", "--"));

        var found = PdfAttachments.Find(bytes, PackManifest.EmbeddedName, MaxInflated);

        Assert.Null(found.Bytes);
        Assert.Equal("it is encrypted", found.Unsupported);
    }

    [Theory]
    [InlineData("--object-streams=disable")]
    [InlineData("--object-streams=generate")]
    public void Find_PagesCopiedWithoutAttachments_ReturnsNone(string options)
    {
        var bytes = File.ReadAllBytes(Qpdf("pages" + options, "--empty", options, "--pages", fixture.Pack.PdfPath!, "--"));

        var found = PdfAttachments.Find(bytes, PackManifest.EmbeddedName, MaxInflated);

        Assert.Equal((null, null), (found.Bytes, found.Unsupported));
    }

    /// <summary>The golden pack's PDF written again by <c>qpdf OPTIONS IN OUT</c> (IN left out after <c>--empty</c>).</summary>
    private string Qpdf(string name, params string[] options)
    {
        var output = Path.Combine(fixture.Root, "qpdf", name + ".pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        string[] input = options.Contains("--empty") ? [] : [fixture.Pack.PdfPath!];
        var result = Tool.Run("qpdf", [.. options, .. input, output]);
        Assert.True(result.ExitCode == 0, result.Output);
        return output;
    }
}
