using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

/// <summary>
/// <c>archive capture</c> of an https page (real Chromium, a server on 127.0.0.1 with its own certificate), its TLS
/// provenance in <c>show</c>, and <c>archive export wacz</c>, checked from outside the process.
/// </summary>
public sealed class WaczExportCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private readonly TempArchive _archive = new();
    private readonly X509Certificate2Holder _certificate = new(LocalTlsSite.SelfSigned("cli.test", Now.AddDays(-1), Now.AddDays(1)));
    private readonly LocalTlsSite _site;

    public WaczExportCommandTests()
    {
        _site = new LocalTlsSite(_certificate.Value);
    }

    public void Dispose()
    {
        _site.Dispose();
        _certificate.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public void CaptureHttpsThenExportWacz_ShowsTheChainAndWritesASignedPackage()
    {
        _site.Html("/report.html", "<title>Annual report</title><p>Figures for the year.</p>");

        var refused = _archive.Run("capture", _site.Url("/report.html"), "--allow-private-network");
        Assert.True(refused.ExitCode == ExitCodes.SomeRejected, refused.ToString());
        Assert.Contains("refused unless --insecure-tls is given", refused.Err, StringComparison.Ordinal);

        var captured = _archive.Run("capture", _site.Url("/report.html"), "--allow-private-network", "--insecure-tls");
        Assert.True(captured.ExitCode == 0, captured.ToString());
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(_certificate.Value.RawData));
        Assert.Contains("CN=cli.test from CN=cli.test", captured.Out, StringComparison.Ordinal);
        Assert.Contains("failed (the chain ends at a root that is not trusted", captured.Out, StringComparison.Ordinal);
        Assert.Contains("did not validate", captured.Err, StringComparison.Ordinal);

        var show = _archive.Run("show", "annual-report");
        Assert.Contains("Web capture", show.Out, StringComparison.Ordinal);
        Assert.Contains($"tls        127.0.0.1:{_site.Port} TLSv1.3", show.Out, StringComparison.Ordinal);
        Assert.Contains("certificate failed (accepted by --insecure-tls)", show.Out, StringComparison.Ordinal);
        Assert.Contains("sha256:" + fingerprint, show.Out, StringComparison.Ordinal);

        var wacz = Path.Combine(_archive.Workspace, "report.wacz");
        var export = _archive.RunJson("export", "wacz", "annual-report", "-o", wacz, "--json");
        Assert.Equal(wacz, export["path"]!.GetValue<string>());
        Assert.Equal(3, export["resources"]!.AsArray().Count);
        using (var zip = ZipFile.OpenRead(wacz))
        {
            var digest = JsonNode.Parse(zip.GetEntry("datapackage-digest.json")!.Open())!;
            Assert.Equal(export["datapackage_hash"]!.GetValue<string>(), digest["hash"]!.GetValue<string>());
        }

        var again = _archive.Run("export", "wacz", "annual-report", "-o", wacz);
        Assert.True(again.ExitCode == ExitCodes.Usage, again.ToString());
        Assert.Contains("already exists", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportWacz_NotAWebCapture_ExitsWithOneLineNamingIt()
    {
        var note = _archive.WriteInput("note.txt", "Typed by hand.");
        Assert.Equal(0, _archive.Run("ingest", note).ExitCode);
        var id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();

        var result = _archive.Run("export", "wacz", id, "-o", Path.Combine(_archive.Workspace, "x.wacz"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("is not a web capture", result.Err, StringComparison.Ordinal);
        Assert.Contains("note.txt", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_archive.Workspace, "x.wacz")));
    }

    [Fact]
    public void Capture_TlsCaFileMissing_ExitsNotFoundNamingIt()
    {
        var result = _archive.Run("capture", _site.Url("/report.html"), "--tls-ca", "no-such-ca.pem");

        Assert.True(result.ExitCode == ExitCodes.NotFound, result.ToString());
        Assert.Contains("--tls-ca no-such-ca.pem: no such file", result.Err, StringComparison.Ordinal);
    }

    /// <summary>Disposes the certificate after the site that serves it.</summary>
    private sealed class X509Certificate2Holder(System.Security.Cryptography.X509Certificates.X509Certificate2 value) : IDisposable
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2 Value { get; } = value;

        public void Dispose() => Value.Dispose();
    }
}
