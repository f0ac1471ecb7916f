using System.Net.Sockets;
using System.Text;
using Archive.Core.Ingestion.Capture;

namespace Archive.Core.Tests.Ingestion.Capture;

/// <summary>The recording proxy spoken to directly (no browser): what it records does not depend on how the browser reads.</summary>
public sealed class RecordingProxyRelayTests : IDisposable
{
    private const int Chunks = 8;
    private const int ChunkSize = 32 * 1024;
    private readonly string _spool = Path.Combine(Path.GetTempPath(), $"archive-relay-test-{Guid.NewGuid():N}.warc");
    private readonly LocalSite _site = new();

    public RecordingProxyRelayTests() =>
        _site.Route("/slow", async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength64 = Chunks * ChunkSize;
            for (var i = 0; i < Chunks; i++)
            {
                await context.Response.OutputStream.WriteAsync(new byte[ChunkSize].AsMemory(), _site.Stopping);
                await context.Response.OutputStream.FlushAsync(_site.Stopping);
                await Task.Delay(100, _site.Stopping);
            }

            context.Response.Close();
        });

    public void Dispose()
    {
        _site.Dispose();
        File.Delete(_spool);
    }

    [Fact]
    public async Task Forward_BrowserHangsUpAfterTheHead_ServerResponseStillRecordedWhole()
    {
        using var warc = new WarcWriter(_spool, TimeProvider.System, WarcWriter.NewId());
        using var authority = new CaptureAuthority(TimeProvider.System);
        await using var proxy = new RecordingProxy(new CaptureOptions(TimeSpan.FromSeconds(20), AllowPrivateNetwork: true), warc, TimeProvider.System, authority, CancellationToken.None);
        proxy.Start();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", proxy.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {_site.Url("/slow")} HTTP/1.1\r\nHost: 127.0.0.1:{_site.Port}\r\n\r\n"));
            // The head and the first bytes arrive while the server is still sending: relayed as they come.
            var first = new byte[1024];
            Assert.True(await stream.ReadAsync(first) > 0);
        }

        // The browser has gone; the proxy reads the server to its end all the same.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (proxy.Exchanges.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }

        var exchange = Assert.Single(proxy.Exchanges);
        Assert.Null(exchange.Truncated);
        Assert.True(exchange.Spooled.Length > Chunks * ChunkSize, $"recorded {exchange.Spooled.Length} bytes of WARC records for a {Chunks * ChunkSize}-byte body");
    }
}
