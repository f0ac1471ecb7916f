using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Export.Wacz;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;
using Archive.Core.Tests.Briefings;

namespace Archive.Core.Tests.Export.Wacz;

/// <summary>
/// WACZ export of real captures (headless Chromium against sites on 127.0.0.1), checked from outside: the zip is
/// opened and every datapackage hash recomputed, every CDXJ offset is cut out of the WARC and read by warcio.js, and
/// the signature is checked by <c>openssl dgst -verify</c>.
/// </summary>
public sealed class WaczExporterTests : IDisposable
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private readonly TempArchive _archive = new();
    private readonly LocalSite _site = new();
    private readonly LocalTlsSite _tlsSite;
    private readonly string _wacz;

    public WaczExporterTests()
    {
        _tlsSite = new LocalTlsSite(LocalTlsSite.SelfSigned("wacz.test", Now.AddDays(-1), Now.AddDays(1)));
        _wacz = Path.Combine(_archive.Workspace, "out", "pages.wacz");
    }

    public void Dispose()
    {
        _tlsSite.Dispose();
        _site.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task Export_TwoWebCaptures_ZipHoldsEveryPartAndEveryDatapackageHashMatches()
    {
        var (https, http) = await CaptureTwo();

        var report = _archive.Services.WaczExporter.Export([https.CaptureId!.Value.Value, http.Slug!], _wacz, "test-agent", null, CancellationToken.None);

        using var zip = ZipFile.OpenRead(_wacz);
        var names = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        var warcs = new[] { https, http }.Select(o => $"archive/{o.CaptureId!.Value.Digest.Hex}.warc").Order(StringComparer.Ordinal).ToList();
        Assert.Equal([.. warcs, "datapackage-digest.json", "datapackage.json", "indexes/index.cdxj", "pages/pages.jsonl"], names.Order(StringComparer.Ordinal));

        // Each WARC is the capture's original, byte for byte, stored without compression.
        foreach (var outcome in new[] { https, http })
        {
            var entry = zip.GetEntry($"archive/{outcome.CaptureId!.Value.Digest.Hex}.warc")!;
            Assert.Equal(entry.Length, entry.CompressedLength);
            Assert.Equal(File.ReadAllBytes(_archive.Services.Store.PathFor(outcome.CaptureId!.Value.Digest)), Read(entry));
        }

        var package = JsonNode.Parse(Read(zip.GetEntry("datapackage.json")!))!;
        Assert.Equal("data-package", package["profile"]!.GetValue<string>());
        Assert.Equal("1.1.1", package["wacz_version"]!.GetValue<string>());
        var resources = package["resources"]!.AsArray();
        Assert.Equal(names.Where(n => !n.StartsWith("datapackage", StringComparison.Ordinal)).Order(StringComparer.Ordinal), resources.Select(r => r!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var resource in resources)
        {
            var bytes = Read(zip.GetEntry(resource!["path"]!.GetValue<string>())!);
            Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), resource["hash"]!.GetValue<string>());
            Assert.Equal(bytes.Length, resource["bytes"]!.GetValue<long>());
        }

        var digest = JsonNode.Parse(Read(zip.GetEntry("datapackage-digest.json")!))!;
        Assert.Equal("datapackage.json", digest["path"]!.GetValue<string>());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Read(zip.GetEntry("datapackage.json")!))), digest["hash"]!.GetValue<string>());
        Assert.Equal(report.DatapackageHash, digest["hash"]!.GetValue<string>());

        var pages = Encoding.UTF8.GetString(Read(zip.GetEntry("pages/pages.jsonl")!)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("json-pages-1.0", pages[0]["format"]!.GetValue<string>());
        Assert.Equal([_tlsSite.Url("/secure.html"), _site.Url("/plain.html")], pages.Skip(1).Select(p => p["url"]!.GetValue<string>()));
        Assert.All(pages.Skip(1), p => Assert.True(DateTimeOffset.TryParse(p["ts"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _)));

        var exported = _archive.Services.LogService.Events().Single(e => e.Type == "exported");
        Assert.Contains("\"format\":\"wacz-1.1.1\"", exported.Json, StringComparison.Ordinal);
        Assert.Contains(report.DatapackageHash, exported.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_CdxjLines_AreSortedAndEachOffsetIsTheRecordWarcioReadsThere()
    {
        var (https, http) = await CaptureTwo();
        _archive.Services.WaczExporter.Export([https.CaptureId!.Value.Value, http.CaptureId!.Value.Value], _wacz, "test-agent", null, CancellationToken.None);

        using var zip = ZipFile.OpenRead(_wacz);
        var lines = Encoding.UTF8.GetString(Read(zip.GetEntry("indexes/index.cdxj")!)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Contains(lines, l => l.StartsWith($"127.0.0.1:{_tlsSite.Port})/secure.html ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"127.0.0.1:{_site.Port})/photo.png ", StringComparison.Ordinal));
        var responses = new List<string>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ', 3);
            Assert.Matches("^[0-9]{14}$", parts[1]);
            var json = JsonNode.Parse(parts[2])!;
            var warc = Read(zip.GetEntry("archive/" + json["filename"]!.GetValue<string>())!);
            var offset = int.Parse(json["offset"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            var length = int.Parse(json["length"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            var slice = Path.Combine(_archive.Workspace, "record.warc");
            File.WriteAllBytes(slice, warc[offset..(offset + length)]);

            var report = Warcio.Check(slice);

            Assert.Empty(report["problems"]!.AsArray());
            var record = Assert.Single(report["records"]!.AsArray())!;
            Assert.Equal(json["url"]!.GetValue<string>(), record["target"]!.GetValue<string>());
            Assert.Contains(record["type"]!.GetValue<string>(), new[] { "response", "resource" });
            var digestField = record["type"]!.GetValue<string>() == "response" ? "WARC-Payload-Digest: " : "WARC-Block-Digest: ";
            Assert.Contains(digestField + json["digest"]!.GetValue<string>() + "\r\n", Encoding.UTF8.GetString(warc[offset..(offset + length)]), StringComparison.Ordinal);
            if (record["type"]!.GetValue<string>() == "response")
            {
                responses.Add(json["url"]!.GetValue<string>());
                Assert.Equal(record["status"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), json["status"]!.GetValue<string>());
            }
        }

        // Every page exchange is indexed (the browser may add a favicon request of its own choosing).
        Assert.Subset(responses.ToHashSet(), new HashSet<string> { _tlsSite.Url("/secure.html"), _site.Url("/plain.html"), _site.Url("/photo.png") });
        Assert.Equal(responses.Count, responses.Distinct().Count());
    }

    [Fact]
    public async Task Export_Signature_VerifiesWithOpensslAndFailsForAnotherHash()
    {
        var (https, _) = await CaptureTwo();
        _archive.Services.WaczExporter.Export([https.CaptureId!.Value.Value], _wacz, "test-agent", null, CancellationToken.None);

        using var zip = ZipFile.OpenRead(_wacz);
        var signed = JsonNode.Parse(Read(zip.GetEntry("datapackage-digest.json")!))!["signedData"]!;
        var message = Path.Combine(_archive.Workspace, "hash.txt");
        var signature = Path.Combine(_archive.Workspace, "sig.der");
        var embeddedKey = Path.Combine(_archive.Workspace, "embedded.pem");
        File.WriteAllText(message, signed["hash"]!.GetValue<string>());
        File.WriteAllBytes(signature, Convert.FromBase64String(signed["signature"]!.GetValue<string>()));
        File.WriteAllText(embeddedKey, "-----BEGIN PUBLIC KEY-----\n" + signed["publicKey"]!.GetValue<string>() + "\n-----END PUBLIC KEY-----\n");
        var archiveKey = Path.Combine(_archive.Root, "keys", "public.pem");

        foreach (var key in new[] { archiveKey, embeddedKey })
        {
            var verified = Tool.Run("openssl", "dgst", "-sha256", "-verify", key, "-signature", signature, message);
            Assert.True(verified.ExitCode == 0, verified.Output);
            Assert.Contains("Verified OK", verified.Output, StringComparison.Ordinal);
        }

        File.WriteAllText(message, "sha256:" + new string('0', 64));
        var forged = Tool.Run("openssl", "dgst", "-sha256", "-verify", archiveKey, "-signature", signature, message);
        Assert.NotEqual(0, forged.ExitCode);
        Assert.Contains("Verification failure", forged.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Export_NotAWebCapture_RefusedNamingTheCaptureAndNothingWritten()
    {
        var outcome = _archive.Ingest(_archive.WriteInput("note.txt", "A note typed by hand."))[0];

        var error = Assert.Throws<ArchiveException>(() => _archive.Services.WaczExporter.Export([outcome.CaptureId!.Value.Value], _wacz, "test-agent", null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.InvalidInput, error.Kind);
        Assert.Contains("is not a web capture", error.Message, StringComparison.Ordinal);
        Assert.Contains("note.txt", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_wacz));
        Assert.DoesNotContain(_archive.Services.LogService.Events(), e => e.Type == "exported");
    }

    [Fact]
    public async Task Export_FileAlreadyThere_RefusedAndLeftAlone()
    {
        var (https, _) = await CaptureTwo();
        Directory.CreateDirectory(Path.GetDirectoryName(_wacz)!);
        File.WriteAllText(_wacz, "keep me");

        var error = Assert.Throws<ArchiveException>(() => _archive.Services.WaczExporter.Export([https.CaptureId!.Value.Value], _wacz, "test-agent", null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Conflict, error.Kind);
        Assert.Equal("keep me", File.ReadAllText(_wacz));
    }

    [Fact]
    public async Task Export_WarcChangedOnDisk_RefusedAndNoFileLeft()
    {
        var (https, _) = await CaptureTwo();
        var blob = _archive.Services.Store.PathFor(https.CaptureId!.Value.Digest);
        File.SetAttributes(blob, FileAttributes.Normal);
        File.AppendAllText(blob, "tampered");

        var error = Assert.Throws<ArchiveException>(() => _archive.Services.WaczExporter.Export([https.CaptureId!.Value.Value], _wacz, "test-agent", null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.Unreadable, error.Kind);
        Assert.Contains("has changed on disk", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_wacz)!));
    }

    [Fact]
    public async Task Export_WarcMissingMidway_FailsNamingTheEntryAndNoFileLeft()
    {
        var (https, http) = await CaptureTwo();
        var blob = _archive.Services.Store.PathFor(http.CaptureId!.Value.Digest);
        File.Move(blob, Path.Combine(_archive.Workspace, "aside.warc"));

        var error = Assert.Throws<IOException>(() => _archive.Services.WaczExporter.Export([https.CaptureId!.Value.Value, http.CaptureId!.Value.Value], _wacz, "test-agent", null, CancellationToken.None));

        Assert.StartsWith($"{_wacz}: writing archive/{http.CaptureId!.Value.Digest.Hex}.warc failed (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was exported", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_wacz)!));
        Assert.DoesNotContain(_archive.Services.LogService.Events(), e => e.Type == "exported");
    }

    [Theory]
    [InlineData("https://www.Example.org/A/b?z=2&a=1", "org,example)/a/b?a=1&z=2")]
    [InlineData("http://example.org:8080/", "org,example:8080)/")]
    [InlineData("https://127.0.0.1:4443/x.html", "127.0.0.1:4443)/x.html")]
    [InlineData("https://news.bbc.co.uk/", "uk,co,bbc,news)/")]
    [InlineData("urn:archive:rendered-dom:https://a.example/", "urn:archive:rendered-dom:https://a.example/")]
    public void SurtKey_Url_IsTheIndexSortKey(string url, string expected) =>
        Assert.Equal(expected, SurtKey.For(url));

    private async Task<(CaptureOutcome Https, CaptureOutcome Http)> CaptureTwo()
    {
        _tlsSite.Html("/secure.html", "<title>Secure page</title><p>Over TLS.</p>");
        _site.Html("/plain.html", "<title>Plain page</title><p>Over http.</p><img src=\"/photo.png\">").Static("/photo.png", "image/png", Png);
        var options = new CaptureOptions(TimeSpan.FromSeconds(30), AllowPrivateNetwork: true, InsecureTls: true);
        var https = await Capture(_tlsSite.Url("/secure.html"), options);
        var http = await Capture(_site.Url("/plain.html"), options);
        Assert.True(https.Status == CaptureStatus.Captured, https.Reason);
        Assert.True(http.Status == CaptureStatus.Captured, http.Reason);
        return (https, http);
    }

    private Task<CaptureOutcome> Capture(string url, CaptureOptions options) =>
        _archive.Services.Capturer.CaptureAsync(url, new CaptureRequest([url], new Dictionary<string, FieldValue>(), "test-agent", options), CancellationToken.None);

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
