using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion.Capture;

/// <summary>
/// https capture against sites the tests serve on 127.0.0.1 with their own certificates, through real headless
/// Chromium: the proxy ends the browser's TLS with the capture's own authority, validates the server's certificate
/// itself, and records the decrypted exchanges and the server's chain. Every WARC is read back by warcio.js.
/// </summary>
public sealed class WebCapturerHttpsTests : IDisposable
{
    private const string Css = "p { color: #654321; }";
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private readonly TempArchive _archive = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var item in _owned)
        {
            item.Dispose();
        }

        _archive.Dispose();
    }

    [Fact]
    public async Task Capture_HttpsPageWithImagesFromATrustedRoot_RecordsDecryptedExchangesAndTheValidChain()
    {
        var root = Own(LocalTlsSite.Authority("Test Root CA", Now.AddDays(-10), Now.AddDays(10)));
        var server = Own(LocalTlsSite.IssuedBy(root, "test.example", Now.AddDays(-1), Now.AddDays(1)));
        var site = Own(new LocalTlsSite(server));
        site.Html("/article.html", """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Secure statement</title>
                <link rel="stylesheet" href="/style.css"></head>
                <body><h1>Secure statement</h1><p>Delivered over TLS on 3 March.</p><img src="/a.png" alt=""><img src="/b.png" alt=""></body></html>
                """)
            .Static("/style.css", "text/css", Encoding.UTF8.GetBytes(Css))
            .Static("/a.png", "image/png", Png)
            .Static("/b.png", "image/png", Png);
        var publicRoot = Own(X509CertificateLoader.LoadCertificate(root.RawData));

        var outcome = await Capture(site.Url("/article.html"), Options() with { TrustedRoots = [publicRoot] });

        Assert.True(outcome.Status == CaptureStatus.Captured, outcome.Reason);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.Empty(outcome.Warnings!);
        Assert.Contains("Delivered over TLS on 3 March.", Text(outcome), StringComparison.Ordinal);

        // The report names the server's real chain (not the capture authority's), validated.
        var tls = outcome.Tls!;
        Assert.True(tls.Valid, string.Join("; ", tls.Problems));
        Assert.False(tls.AcceptedInsecurely);
        Assert.Contains(tls.Protocol, new[] { "TLSv1.3", "TLSv1.2" });
        Assert.StartsWith("TLS_", tls.Cipher, StringComparison.Ordinal);
        Assert.Equal(["CN=test.example", "CN=Test Root CA"], tls.Chain.Select(c => c.Subject));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(server.RawData)), tls.Chain[0].Sha256);
        Assert.Equal(server.ExportCertificatePem(), tls.Chain[0].Pem);

        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        var records = report["records"]!.AsArray().Select(r => r!.AsObject()).ToList();
        foreach (var path in new[] { "/article.html", "/style.css", "/a.png", "/b.png" })
        {
            var response = records.Single(r => Type(r) == "response" && r["target"]!.GetValue<string>() == site.Url(path));
            Assert.Equal(200, response["status"]!.GetValue<int>());
            Assert.True(response["payload_digest_ok"]!.GetValue<bool>());
            Assert.Contains(records, r => Type(r) == "request" && r["target"]!.GetValue<string>() == site.Url(path));
        }

        // The decrypted bytes the server sent are in the WARC exactly.
        Assert.Equal(Css.Length, records.Single(r => Type(r) == "response" && r["target"]!.GetValue<string>() == site.Url("/style.css"))["payload_length"]!.GetValue<int>());
        var metadata = records.Single(r => Type(r) == "metadata")["fields"]!.GetValue<string>();
        Assert.Contains($"tls: 127.0.0.1:{site.Port} {tls.Protocol} {tls.Cipher} validation=valid", metadata, StringComparison.Ordinal);
        Assert.Contains($"tls-certificate: 127.0.0.1:{site.Port} #0 subject=CN=test.example; issuer=CN=Test Root CA;", metadata, StringComparison.Ordinal);
        Assert.Contains(records, r => Type(r) == "resource" && r["target"]!.GetValue<string>() == $"urn:archive:tls-certificates:127.0.0.1:{site.Port}");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(server.RawData)), metadata, StringComparison.Ordinal);

        var captured = JsonNode.Parse(_archive.Services.LogService.Events().Single(e => e.Type == "captured").Json)!["data"]!;
        var chain = captured["tls"]![0]!;
        Assert.Equal("valid", chain["validation"]!.GetValue<string>());
        Assert.Equal(server.ExportCertificatePem(), chain["chain"]![0]!["pem"]!.GetValue<string>());
        Assert.Empty(_archive.Services.Verifier.Verify("test-agent", false, null, CancellationToken.None).Problems);
    }

    [Fact]
    public async Task Capture_HttpRedirectToHttps_RecordsBothHopsAndEndsOnTheHttpsPage()
    {
        var site = Own(new LocalTlsSite(Own(LocalTlsSite.SelfSigned("redirect.test", Now.AddDays(-1), Now.AddDays(1)))));
        site.Html("/secure.html", "<title>Secure</title><p>Now on https.</p>");
        var http = Own(new LocalSite());
        http.Redirect("/go", 301, site.Url("/secure.html"));

        var outcome = await Capture(http.Url("/go"), Options() with { InsecureTls = true });

        Assert.True(outcome.Status == CaptureStatus.Captured, outcome.Reason);
        Assert.Equal([301, 200], outcome.Redirects!.Select(h => h.Status));
        Assert.Equal(site.Url("/secure.html"), outcome.FinalUrl);
        Assert.Contains("Now on https.", Text(outcome), StringComparison.Ordinal);
        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        var targets = report["records"]!.AsArray().Where(r => Type(r!.AsObject()) == "response").Select(r => r!["target"]!.GetValue<string>()).ToList();
        Assert.Contains(http.Url("/go"), targets);
        Assert.Contains(site.Url("/secure.html"), targets);
    }

    [Fact]
    public async Task Capture_SelfSignedCertificateWithoutInsecureTls_RefusedNamingTheProblemAndNothingStored()
    {
        var site = Own(new LocalTlsSite(Own(LocalTlsSite.SelfSigned("self.test", Now.AddDays(-1), Now.AddDays(1)))));
        site.Html("/page.html", "<p>Unverified</p>");

        var outcome = await Capture(site.Url("/page.html"));

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains("did not validate", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("not trusted", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("--insecure-tls", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(site.Hits);
        Assert.Empty(_archive.StoredFiles());
    }

    [Fact]
    public async Task Capture_ExpiredCertificateWithInsecureTls_CapturedWithAWarningAndTheFailureRecorded()
    {
        var expired = Own(LocalTlsSite.SelfSigned("expired.test", Now.AddDays(-30), Now.AddDays(-1)));
        var site = Own(new LocalTlsSite(expired));
        site.Html("/old.html", "<p>Served with an expired certificate</p>");

        var outcome = await Capture(site.Url("/old.html"), Options() with { InsecureTls = true });

        Assert.True(outcome.Status == CaptureStatus.Captured, outcome.Reason);
        var warning = Assert.Single(outcome.Warnings!);
        Assert.Contains($"the TLS certificate of 127.0.0.1:{site.Port} did not validate", warning, StringComparison.Ordinal);
        Assert.Contains("outside its validity period", warning, StringComparison.Ordinal);
        Assert.Contains("--insecure-tls", warning, StringComparison.Ordinal);
        Assert.False(outcome.Tls!.Valid);
        Assert.True(outcome.Tls.AcceptedInsecurely);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(expired.RawData)), outcome.Tls.Chain[0].Sha256);

        var report = Warcio.Check(WarcPath(outcome));
        Assert.Empty(report["problems"]!.AsArray());
        var metadata = report["records"]!.AsArray().Single(r => Type(r!.AsObject()) == "metadata")!["fields"]!.GetValue<string>();
        Assert.Contains("validation=failed (", metadata, StringComparison.Ordinal);
        Assert.Contains("accepted-by=--insecure-tls", metadata, StringComparison.Ordinal);
        var captured = JsonNode.Parse(_archive.Services.LogService.Events().Single(e => e.Type == "captured").Json)!["data"]!;
        Assert.True(captured["tls"]![0]!["accepted_insecurely"]!.GetValue<bool>());
        Assert.Contains(captured["warnings"]!.AsArray(), w => w!.GetValue<string>() == warning);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Capture_HttpsLoopbackWithoutPermission_RefusedBeforeAnyConnection(string host)
    {
        var site = Own(new LocalTlsSite(Own(LocalTlsSite.SelfSigned("private.test", Now.AddDays(-1), Now.AddDays(1)))));
        site.Html("/page.html", "<p>Private</p>");

        var outcome = await Capture($"https://{host}:{site.Port}/page.html", Options() with { AllowPrivateNetwork = false, InsecureTls = true });

        Assert.Equal(CaptureStatus.Refused, outcome.Status);
        Assert.Contains("--allow-private-network", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(site.Hits);
    }

    private static CaptureOptions Options() => new(TimeSpan.FromSeconds(30), AllowPrivateNetwork: true);

    private static string Type(JsonObject record) => record["type"]!.GetValue<string>();

    private T Own<T>(T item)
        where T : IDisposable
    {
        _owned.Insert(0, item);
        return item;
    }

    private Task<CaptureOutcome> Capture(string url, CaptureOptions? options = null) =>
        _archive.Services.Capturer.CaptureAsync(url, new CaptureRequest([url], new Dictionary<string, FieldValue>(), "test-agent", options ?? Options()), CancellationToken.None);

    private string Text(CaptureOutcome outcome) => _archive.Reader.ReadText(_archive.Reader.Show(outcome.CaptureId!.Value)!.Capture);

    private string WarcPath(CaptureOutcome outcome) => _archive.Services.Store.PathFor(outcome.CaptureId!.Value.Digest);
}
