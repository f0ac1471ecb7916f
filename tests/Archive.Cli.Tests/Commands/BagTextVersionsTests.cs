using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

/// <summary>
/// A re-extracted capture in a bag: every text it has had travels in the payload (checked by <c>sha256sum -c</c>), and
/// <c>import bag</c> keeps each one, with real poppler and Tesseract.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BagTextVersionsTests : IDisposable
{
    private const string Typed = "Officials said the convoy left at dawn";
    private const string Scanned = "The committee met in Baghdad on Tuesday";

    private readonly TempArchive _archive = new();
    private readonly TempArchive _other = new();
    private readonly string _id;
    private readonly string _earlier;
    private readonly string _current;
    private readonly string _bag;

    public BagTextVersionsTests()
    {
        // Page 1 has a text layer; page 2 is a scan, left without text by --ocr never, then OCRed by reextract.
        var scan = new FileInfo(TestScans.Render(_archive.Workspace, "page2", Scanned, 150, "pgm"));
        var pdf = Path.Combine(_archive.Inputs, "mixed.pdf");
        File.WriteAllBytes(pdf, TestScans.Pdf([Typed, scan], 150));
        Assert.Equal(0, _archive.Run("ingest", pdf, "--ocr", "never").ExitCode);
        _id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
        _earlier = _archive.RunJson("show", _id)["capture"]!["text_sha256"]!.GetValue<string>();
        Assert.Equal(0, _archive.Run("reextract", _id[7..19], "--ocr-lang", "eng").ExitCode);
        _current = _archive.RunJson("show", _id)["capture"]!["text_sha256"]!.GetValue<string>();
        Assert.NotEqual(_earlier, _current);
        _bag = Path.Combine(_archive.Workspace, "bag");
        _archive.RunJson("export", "bag", _id, "-o", _bag);
    }

    public void Dispose()
    {
        _other.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public void Export_ReextractedCapture_EveryTextInTheManifestAndSha256sumAccepts()
    {
        var folder = $"data/captures/{_id[7..]}";

        var check = TempArchive.Finish(TempArchive.StartProcess("sh", ["-c", $"cd '{_bag}' && sha256sum -c --strict manifest-sha256.txt && sha256sum -c --strict tagmanifest-sha256.txt"]));

        Assert.True(check.ExitCode == 0, check.ToString());
        var manifest = File.ReadAllLines(Path.Combine(_bag, "manifest-sha256.txt"));
        Assert.Contains($"{_current[7..]}  {folder}/text.txt", manifest);
        Assert.Contains($"{_earlier[7..]}  {folder}/texts/{_earlier[7..]}.txt", manifest);
        Assert.Contains($"{folder}/texts/{_earlier[7..]}.txt: OK", check.Out, StringComparison.Ordinal);
        var versions = JsonNode.Parse(File.ReadAllText(Path.Combine(_bag, folder, "texts.json")))!.AsArray();
        Assert.Equal([_earlier, _current], versions.Select(v => v!["text"]!.GetValue<string>()));
        Assert.Equal([false, true], versions.Select(v => v!["current"]!.GetValue<bool>()));
        Assert.Equal([$"texts/{_earlier[7..]}.txt", "text.txt"], versions.Select(v => v!["file"]!.GetValue<string>()));
        var pages = versions[1]!["page_starts"]!.AsArray().Select(p => p!.GetValue<int>()).ToList();
        Assert.Equal(2, pages.Count);
        Assert.Equal(0, pages[0]);
        Assert.Null(versions[0]!["page_starts"]);
        Assert.DoesNotContain(Scanned, File.ReadAllText(Path.Combine(_bag, folder, "texts", _earlier[7..] + ".txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ReextractedCapture_KeepsEveryTextWithTheBagsCurrentOneCurrent()
    {
        var result = _other.RunJson("import", "bag", _bag);

        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        var show = _other.RunJson("show", _id);
        Assert.Equal(_current, show["capture"]!["text_sha256"]!.GetValue<string>());
        var texts = show["texts"]!.AsArray().Select(t => t!["text_sha256"]!.GetValue<string>()).ToList();
        Assert.Contains(_earlier, texts);
        Assert.Contains(_current, texts);
        var old = _other.Run("text", _id[7..19], "--text", _earlier[7..19]);
        Assert.True(old.ExitCode == 0, old.ToString());
        Assert.Equal(_archive.Run("text", _id[7..19], "--text", _earlier[7..19]).Out, old.Out);
        var imported = show["events"]!.AsArray().Where(e => e!["event"]!["data"]?["reason"]?.GetValue<string>() == "import").ToList();
        Assert.NotEmpty(imported);
        Assert.Equal(_archive.RunJson("show", _id)["page_starts"]!.ToJsonString(), show["page_starts"]!.ToJsonString());
        var verify = _other.Run("verify", "--no-record");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Import_EarlierTextRemovedWithItsManifestLine_ExitsIntegrityProblemNamingTheText()
    {
        var relative = $"data/captures/{_id[7..]}/texts/{_earlier[7..]}.txt";
        File.Delete(Path.Combine(_bag, relative));
        var manifest = Path.Combine(_bag, "manifest-sha256.txt");
        File.WriteAllLines(manifest, File.ReadAllLines(manifest).Where(l => !l.EndsWith(relative, StringComparison.Ordinal)));
        var tags = Path.Combine(_bag, "tagmanifest-sha256.txt");
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest)));
        File.WriteAllLines(tags, File.ReadAllLines(tags).Select(l => l.EndsWith("  manifest-sha256.txt", StringComparison.Ordinal) ? $"{digest}  manifest-sha256.txt" : l));
        var oxum = Path.Combine(_bag, "bag-info.txt");
        var files = Directory.GetFiles(Path.Combine(_bag, "data"), "*", SearchOption.AllDirectories);
        File.WriteAllLines(oxum, File.ReadAllLines(oxum).Select(l => l.StartsWith("Payload-Oxum:", StringComparison.Ordinal) ? $"Payload-Oxum: {files.Sum(f => new FileInfo(f).Length)}.{files.Length}" : l));
        var info = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(oxum)));
        File.WriteAllLines(tags, File.ReadAllLines(tags).Select(l => l.EndsWith("  bag-info.txt", StringComparison.Ordinal) ? $"{info}  bag-info.txt" : l));

        var result = _other.Run("import", "bag", _bag);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"{_id}: its text {_earlier} (event ", result.Out + result.Err, StringComparison.Ordinal);
        Assert.Empty(_other.RunJson("list")["items"]!.AsArray());
    }
}
