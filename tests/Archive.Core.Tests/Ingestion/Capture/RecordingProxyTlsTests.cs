using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Archive.Core.Ingestion.Capture;

namespace Archive.Core.Tests.Ingestion.Capture;

/// <summary>
/// The recording proxy's https tunnels spoken to directly (no browser): the host check before a tunnel opens, the
/// capture authority's certificate inside it, and the refusal of a server whose certificate does not validate.
/// </summary>
public sealed class RecordingProxyTlsTests : IDisposable
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private readonly string _spool = Path.Combine(Path.GetTempPath(), $"archive-proxy-test-{Guid.NewGuid():N}.warc");
    private readonly X509Certificate2 _serverCertificate = LocalTlsSite.SelfSigned("tunnel.test", Now.AddDays(-1), Now.AddDays(1));
    private readonly LocalTlsSite _site;

    public RecordingProxyTlsTests()
    {
        _site = new LocalTlsSite(_serverCertificate);
        _site.Html("/page.html", "<p>Tunnelled</p>");
    }

    public void Dispose()
    {
        _site.Dispose();
        _serverCertificate.Dispose();
        File.Delete(_spool);
    }

    [Fact]
    public async Task Connect_LoopbackWithoutPermission_RefusedWith403AndNoTunnel()
    {
        using var warc = new WarcWriter(_spool, TimeProvider.System, WarcWriter.NewId());
        using var authority = new CaptureAuthority(TimeProvider.System);
        await using var proxy = new RecordingProxy(new CaptureOptions(TimeSpan.FromSeconds(20)), warc, TimeProvider.System, authority, CancellationToken.None);
        proxy.Start();

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", proxy.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{_site.Port} HTTP/1.1\r\nHost: 127.0.0.1:{_site.Port}\r\n\r\n"));
        var answer = await ReadAllAsync(stream);

        Assert.StartsWith("HTTP/1.1 403 ", answer, StringComparison.Ordinal);
        Assert.Contains("X-Archive-Proxy: refused", answer, StringComparison.Ordinal);
        var refused = Assert.Single(proxy.Refused);
        Assert.Equal($"https://127.0.0.1:{_site.Port}/", refused.Url);
        Assert.Contains("--allow-private-network", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(_site.Hits);
    }

    [Fact]
    public async Task Tunnel_ServerCertificateDoesNotValidate_BrowserSeesTheAuthorityAnd502AndNothingIsSent()
    {
        using var warc = new WarcWriter(_spool, TimeProvider.System, WarcWriter.NewId());
        using var authority = new CaptureAuthority(TimeProvider.System);
        await using var proxy = new RecordingProxy(new CaptureOptions(TimeSpan.FromSeconds(20), AllowPrivateNetwork: true), warc, TimeProvider.System, authority, CancellationToken.None);
        proxy.Start();

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", proxy.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT 127.0.0.1:{_site.Port} HTTP/1.1\r\nHost: 127.0.0.1:{_site.Port}\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 200 ", await ReadHeadAsync(stream), StringComparison.Ordinal);

        X509Certificate? presented = null;
        await using var tls = new SslStream(stream, false, (_, certificate, _, _) =>
        {
            // Trusted only as the capturing browser trusts it: issued by this capture's authority.
            presented = certificate is null ? null : new X509Certificate2(certificate);
            return presented?.Issuer == authority.Root.Subject;
        });
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /page.html HTTP/1.1\r\nHost: 127.0.0.1:{_site.Port}\r\n\r\n"));
        var answer = await ReadHeadAsync(tls);

        // The browser's side of the tunnel is the capture authority's certificate for the host, not the server's.
        Assert.Equal("CN=127.0.0.1", presented!.Subject);
        Assert.Equal(authority.Root.Subject, presented.Issuer);
        Assert.StartsWith("HTTP/1.1 502 ", answer, StringComparison.Ordinal);
        var refused = Assert.Single(proxy.Refused);
        Assert.Equal($"https://127.0.0.1:{_site.Port}/page.html", refused.Url);
        Assert.Contains("did not validate", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(_site.Hits);
        var session = Assert.Single(proxy.TlsSessions);
        Assert.False(session.Valid);
        Assert.False(session.AcceptedInsecurely);
        Assert.Equal("CN=tunnel.test", session.Chain[0].Subject);
        Assert.Empty(proxy.Exchanges);
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return Encoding.ASCII.GetString(copy.ToArray());
    }

    /// <summary>Reads up to the empty line that ends an HTTP head, one byte at a time so nothing after it is taken.</summary>
    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
