using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Archive.Core.Briefings;
using Archive.Core.Pages;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Archive.Core.Tests.Briefings;

/// <summary>Page crops in packs: a born-digital PDF passage and an OCR'd scan passage, each shown on its page with its lines boxed.</summary>
public sealed class PackCropTests(PackCropFixture fixture) : IClassFixture<PackCropFixture>
{
    [Fact]
    public void Build_PdfAndScanCitations_ManifestNamesEachCropPageBoxAndDigest()
    {
        var manifest = PackManifest.Read(JsonNode.Parse(File.ReadAllBytes(fixture.Pack.ManifestPath!))!.AsObject())!;

        Assert.Equal("archive-pack/2", manifest.Format);
        Assert.Empty(fixture.Pack.Check.Warnings);
        var pdf = manifest.Citations.Single(c => c.Capture == fixture.PdfId.Value).Crop!;
        var scan = manifest.Citations.Single(c => c.Capture == fixture.ScanId.Value).Crop!;
        Assert.Equal(("crop-1.png", 1, "pt"), (pdf.File, pdf.Page, pdf.Unit));
        Assert.Equal(("crop-2.png", 1, "px"), (scan.File, scan.Page, scan.Unit));
        foreach (var crop in new[] { pdf, scan })
        {
            // The box lies inside the region shown, and the region inside the page.
            Assert.InRange(crop.Box.X0, crop.Region.X0, crop.Region.X1);
            Assert.InRange(crop.Box.Y0, crop.Region.Y0, crop.Region.Y1);
            Assert.InRange(crop.Box.Y1, crop.Region.Y0, crop.Region.Y1);
            Assert.InRange(crop.Region.Y1, 0, crop.PageHeight);
            Assert.InRange(crop.Width, 100, PackCropper.MaxSide);
            Assert.InRange(crop.Height, 20, PackCropper.MaxSide);
            Assert.NotEmpty(crop.Lines);
            var embedded = Attachment(crop.File);
            Assert.Equal(crop.Sha256, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(embedded)));
        }

        // The quoted paragraph is the third of four on an A4 page (842 pt): its box starts well below the top.
        Assert.InRange(pdf.Box.Y0, 150, 500);
        Assert.Equal(595.28, pdf.PageWidth, 0.5);
        Assert.InRange(scan.PageWidth, 2478, 2481); // A4 at 300 dpi
    }

    [Fact]
    public void Build_PdfAndScanCitations_QuotesInPdfTextAndCropsArePdfImages()
    {
        var text = Tool.Run("pdftotext", "-layout", fixture.Pack.PdfPath!, "-").Output;
        var images = Tool.Run("pdfimages", "-list", fixture.Pack.PdfPath!);

        Assert.Contains("The second convoy left the northern camp", text, StringComparison.Ordinal);
        Assert.Contains("counted forty vehicles", text, StringComparison.Ordinal);
        Assert.Equal(0, images.ExitCode);
        // Header lines, then one row per image drawn: the two crops.
        var rows = images.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Where(l => l.Contains(" image ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void Build_Crops_TheBoxedPixelsReadAsTheQuote()
    {
        // OCR the pixels under each crop's box: they must be the quoted words, so the highlight is on the right place.
        var manifest = PackManifest.Read(JsonNode.Parse(File.ReadAllBytes(fixture.Pack.ManifestPath!))!.AsObject())!;
        foreach (var citation in manifest.Citations)
        {
            var crop = citation.Crop!;
            using var image = Image.Load<Rgb24>(Attachment(crop.File));
            var sx = image.Width / (crop.Region.X1 - crop.Region.X0);
            var sy = image.Height / (crop.Region.Y1 - crop.Region.Y0);
            var first = crop.Lines[0];
            var rectangle = new Rectangle(
                (int)((first.X0 - crop.Region.X0) * sx), (int)((first.Y0 - crop.Region.Y0) * sy),
                (int)((first.X1 - first.X0) * sx), (int)((first.Y1 - first.Y0) * sy));
            image.Mutate(c => c.Crop(Rectangle.Intersect(rectangle, image.Bounds())).Pad(rectangle.Width + 40, rectangle.Height + 40, Color.White));
            var path = Path.Combine(fixture.Scratch, "boxed-" + crop.File);
            image.SaveAsPng(path);

            var read = Tool.Run("tesseract", path, "-", "-l", "eng", "--psm", "7").Output;

            var firstWords = string.Join(' ', citation.Exact.Split(' ').Take(4));
            Assert.Contains(firstWords, read.ReplaceLineEndings(" "), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void VerifyPack_WithCrops_IsOkAndChecksTheCrops()
    {
        var report = fixture.Archive.PackVerifier.Verify(fixture.Pack.PdfPath!);

        Assert.True(report.IsOk, string.Join("\n", report.Checks.Where(c => !c.Ok).Select(c => c.Detail).Concat(report.Citations.SelectMany(c => c.Problems))));
        Assert.Contains("2 page crops embedded", report.Checks.Single(c => c.Name == "crops").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_CropBytesChangedInThePdf_FailsTheCropCheck()
    {
        var pdf = Copy("tampered-crop");
        var bytes = File.ReadAllBytes(pdf);
        var png = Attachment("crop-2.png");
        var at = bytes.AsSpan().IndexOf(png);
        Assert.True(at > 0, "the crop's bytes are in the PDF as written");
        bytes[at + (png.Length / 2)] ^= 0x55;
        File.WriteAllBytes(pdf, bytes);

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.IsOk);
        var crops = report.Checks.Single(c => c.Name == "crops");
        Assert.False(crops.Ok);
        Assert.Contains("[2] crop-2.png hashes to sha256:", crops.Detail, StringComparison.Ordinal);
        Assert.True(report.Checks.Single(c => c.Name == "signature").Ok);
    }

    [Fact]
    public void VerifyPack_PdfResavedByQpdf_StillHashesTheCompressedCrops()
    {
        var directory = Path.Combine(fixture.Scratch, "resaved");
        Directory.CreateDirectory(directory);
        var pdf = Path.Combine(directory, Path.GetFileName(fixture.Pack.PdfPath!));
        var qpdf = Tool.Run("qpdf", "--object-streams=generate", fixture.Pack.PdfPath!, pdf);
        Assert.True(qpdf.ExitCode == 0, qpdf.Output);

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.Checks.Single(c => c.Name == "pdf").Ok);
        var crops = report.Checks.Single(c => c.Name == "crops");
        Assert.True(crops.Ok, crops.Detail);
        Assert.Contains("2 page crops embedded", crops.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPack_CropHashEditedInTheManifest_FailsSignatureBodyAndCrops()
    {
        var pdf = Copy("tampered-hash");
        var manifest = File.ReadAllText(PackManifest.PathFor(fixture.Pack.PdfPath!));
        var crop = PackManifest.Read(JsonNode.Parse(manifest)!.AsObject())!.Citations[0].Crop!;
        File.WriteAllText(PackManifest.PathFor(pdf), manifest.Replace(crop.Sha256, "sha256:" + new string('0', 64), StringComparison.Ordinal));

        var report = fixture.Archive.PackVerifier.Verify(pdf);

        Assert.False(report.Checks.Single(c => c.Name == "signature").Ok);
        Assert.False(report.Checks.Single(c => c.Name == "body").Ok);
        Assert.False(report.Checks.Single(c => c.Name == "crops").Ok);
    }

    [Fact]
    public void Build_PageCannotBeDrawn_WarnsAtTheCitationAndBuildsWithTheText()
    {
        var archive = fixture.Archive;
        var broken = new PackCropper(archive.Locator, new PageRenderer(Path.Combine(fixture.Scratch, "no-poppler-here")), id => archive.Store.PathFor(id.Digest));
        var builder = new PackBuilder(archive.Database, archive.Store, archive.Log, archive.Packs, archive.Layout.PacksPath, new ChromiumPdfPrinter(), Repository.Templates, broken);

        var result = builder.Build(fixture.Brief, Path.Combine(fixture.Scratch, "no-crops", "pack.pdf"), "tests");

        Assert.True(result.IsBuilt);
        var warning = Assert.Single(result.Check.Warnings);
        Assert.Contains("citation [1]: the page of", warning.Message, StringComparison.Ordinal);
        Assert.Contains("pdftoppm not found: install poppler-utils", warning.Message, StringComparison.Ordinal);
        Assert.Equal(7, warning.Line);
        var manifest = PackManifest.Read(JsonNode.Parse(File.ReadAllBytes(result.ManifestPath!))!.AsObject())!;
        Assert.Null(manifest.Citations[0].Crop);
        Assert.NotNull(manifest.Citations[1].Crop); // the image is drawn without poppler
        Assert.True(archive.PackVerifier.Verify(result.PdfPath!).IsOk);
    }

    private byte[] Attachment(string name)
    {
        var bytes = PdfAttachments.Read(File.ReadAllBytes(fixture.Pack.PdfPath!), name);
        Assert.NotNull(bytes);
        return bytes;
    }

    private string Copy(string folder)
    {
        var directory = Path.Combine(fixture.Scratch, folder);
        Directory.CreateDirectory(directory);
        var pdf = Path.Combine(directory, Path.GetFileName(fixture.Pack.PdfPath!));
        File.Copy(fixture.Pack.PdfPath!, pdf);
        File.Copy(fixture.Pack.ManifestPath!, PackManifest.PathFor(pdf));
        File.Copy(fixture.Pack.SignaturePath!, PackManifest.SignaturePathFor(PackManifest.PathFor(pdf)));
        return pdf;
    }
}
