using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Archive.Core.Briefings;
using Archive.Core.Export.Bag;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Provenance;

/// <summary>
/// An archive whose signing key is kept outside it, opened without that key: every way of writing is refused before it
/// stores a file, contacts anyone or prints anything, naming the reason; what was there stays as it was.
/// </summary>
public sealed class WritesWithoutKeyTests : IDisposable
{
    private readonly ScratchArchive _scratch = new(initialize: false);
    private readonly string _key;
    private readonly ArchiveCore _keyless;

    public WritesWithoutKeyTests()
    {
        _key = Path.Combine(_scratch.Workspace, "secure", "k.pem");
        var withKey = _scratch.Layout with { SigningKeyFile = _key };
        ArchiveCore.Initialize(withKey, TimeProvider.System);
        using (var archive = ArchiveCore.Open(withKey, TimeProvider.System))
        {
            ScratchArchive.IngestSamples(archive, "test");
        }

        _keyless = ArchiveCore.Open(_scratch.Layout, TimeProvider.System);
    }

    public void Dispose()
    {
        _keyless.Dispose();
        _scratch.Dispose();
    }

    private List<string> Blobs() => [.. Directory.EnumerateFiles(_scratch.Layout.BlobsPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private long Events()
    {
        using var connection = _scratch.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    private void AssertRefused(Action write)
    {
        var blobs = Blobs();
        var events = Events();

        var refused = Assert.Throws<ArchiveException>(write);

        Assert.Equal(ArchiveErrorKind.NeedsAction, refused.Kind);
        Assert.Contains("cannot write: the archive's private signing key is not readable here", refused.Message, StringComparison.Ordinal);
        Assert.Equal(blobs, Blobs());
        Assert.Equal(events, Events());
    }

    [Fact]
    public void Upload_IsRefusedBeforeItIsStaged()
    {
        using var content = new MemoryStream("an uploaded report"u8.ToArray());

        AssertRefused(() => _keyless.Ingestor.IngestUploadAsync(content, "upload.txt", 1 << 20, new Dictionary<string, FieldValue>(), "test", CancellationToken.None).GetAwaiter().GetResult());
        Assert.Equal(0, content.Position);
    }

    [Fact]
    public void Reextract_IsRefusedBeforeAnyTextIsStored()
    {
        var id = _keyless.Catalog.List(1, 0).Single().Id.Value;

        AssertRefused(() => _keyless.Reextractor.Reextract(new ReextractRequest([id], "test"), null, CancellationToken.None));
    }

    [Fact]
    public void WebCapture_IsRefusedBeforeAnyRequest()
    {
        // Port 9 (discard) on this machine: a capture that got as far as the network would fail differently.
        var request = new CaptureRequest(["http://127.0.0.1:9/"], new Dictionary<string, FieldValue>(), "test", CaptureOptions.Default);

        AssertRefused(() => _keyless.Capturer.CaptureAsync(request.Urls[0], request, CancellationToken.None).GetAwaiter().GetResult());
    }

    [Fact]
    public void TimeStamp_IsRefusedBeforeTheTsaIsAsked()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=unused TSA", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = Path.Combine(_scratch.Workspace, "tsa.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());

        AssertRefused(() => _keyless.Timestamps.StampAsync(new Uri("http://127.0.0.1:9/"), pem, "test", CancellationToken.None).GetAwaiter().GetResult());
    }

    [Fact]
    public void PackBuild_IsRefusedBeforeAnythingIsPrinted()
    {
        var brief = _scratch.WriteInput("brief.md", "---\ntitle: A brief\n---\n\nNothing cited.\n");

        AssertRefused(() => _keyless.PackBuilder(new NeverPrints()).Build(brief, null, "test"));
    }

    [Fact]
    public void BagImport_IsRefusedBeforeAnyCaptureIsIngested()
    {
        var bag = Path.Combine(_scratch.Workspace, "bag");
        var id = _keyless.Catalog.List(1, 0).Single().Id.Value;
        using (var withKey = ArchiveCore.Open(_scratch.Layout with { SigningKeyFile = _key }, TimeProvider.System))
        {
            Assert.True(withKey.BagExporter.Export(new BagSelection([id]), bag, "test", CancellationToken.None).Ok);
        }

        // A fresh archive of its own, keyed outside and opened without the key, receives it.
        using var receiver = new ScratchArchive(initialize: false);
        ArchiveCore.Initialize(receiver.Layout with { SigningKeyFile = Path.Combine(receiver.Workspace, "secure", "k.pem") }, TimeProvider.System);
        using var keyless = ArchiveCore.Open(receiver.Layout, TimeProvider.System);

        var refused = Assert.Throws<ArchiveException>(() => keyless.BagImporter.Import(bag, "test", CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.NeedsAction, refused.Kind);
        Assert.Empty(keyless.Catalog.List());
        Assert.Empty(Directory.EnumerateFiles(receiver.Layout.BlobsPath, "*", SearchOption.AllDirectories));
    }

    /// <summary>A printer the refused build must never reach.</summary>
    private sealed class NeverPrints : IPdfPrinter
    {
        public void Print(string htmlPath, string pdfPath, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a refused pack build printed");
    }
}
