using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Archive.Core.Export.Bag;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Export.Bag;

/// <summary>
/// <see cref="BagImporter"/> against a real bag of the five sample sources, two of them amended: what a carrier of the
/// bag can change in <c>provenance/inclusion-proofs.json</c> (its shape, the items it holds) is a problem in words, with
/// the manifests recomputed as anyone could, never an exception and never an import.
/// </summary>
public sealed class BagImporterTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly TempArchive _other = new();
    private readonly string _bag;
    private readonly string _key;
    private readonly string _amended;

    public BagImporterTests()
    {
        _archive.IngestSamples("test-agent");
        var captures = _archive.Reader.List();
        Assert.Equal(5, captures.Count);
        // One capture amended twice (the second amendment over the first), another once.
        _amended = captures[0].Id.Value;
        _archive.Services.Amender.Amend(captures[0].Id, [new("title", "First amended title")], "test-agent");
        _archive.Services.Amender.Amend(captures[0].Id, [new("title", "Second amended title"), new("reliability", "B2")], "test-agent");
        _archive.Services.Amender.Amend(captures[3].Id, [new("reliability", "C3")], "test-agent");
        _bag = Path.Combine(_archive.Workspace, "bag");
        Assert.True(_archive.Services.BagExporter.Export(new BagSelection([.. captures.Select(c => c.Id.Value)]), _bag, "test-agent", CancellationToken.None).Ok);
        _key = "sha256:" + _archive.Services.KeyId;
    }

    public void Dispose()
    {
        _other.Dispose();
        _archive.Dispose();
    }

    private string ProofsPath => Path.Combine(_bag, "provenance", "inclusion-proofs.json");

    [Fact]
    public void Import_GenuineBagOfTheSamplesWithAmendedCaptures_ImportsEveryCaptureWithNoProblem()
    {
        var check = BagImporter.Validate(_bag, _key);
        var report = _other.Services.BagImporter.Import(_bag, "test-agent", _key, CancellationToken.None);

        Assert.True(check.Ok, string.Join('\n', check.Problems));
        Assert.True(report.Ok, string.Join('\n', report.Problems));
        Assert.Empty(report.Problems);
        Assert.Equal(5, report.Imported.Count);
        var fields = _other.Reader.Show(CaptureId.Parse(_amended))!.Fields;
        Assert.Equal("Second amended title", fields["title"].Value.GetValue<string>());
        Assert.Equal("amend", fields["title"].Origin);
        Assert.Equal("B2", fields["reliability"].Value.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"items\":5}", "provenance/inclusion-proofs.json: \"items\" is the number 5, not an array of proofs")]
    [InlineData("{\"items\":{}}", "provenance/inclusion-proofs.json: \"items\" is an object, not an array of proofs")]
    [InlineData("{\"items\":null}", "provenance/inclusion-proofs.json: \"items\" is null, not an array of proofs")]
    [InlineData("{\"origin\":\"x\"}", "provenance/inclusion-proofs.json: no \"items\" array of proofs")]
    [InlineData("[]", "provenance/inclusion-proofs.json: an array, not the object with \"items\" the export writes")]
    [InlineData("\"items\"", "provenance/inclusion-proofs.json: the string \"items\", not the object with \"items\" the export writes")]
    [InlineData("null", "provenance/inclusion-proofs.json: null, not the object with \"items\" the export writes")]
    [InlineData("{\"items\": [", "provenance/inclusion-proofs.json: not JSON (line 1, byte 12)")]
    [InlineData("{\"origin\":7,\"items\":[]}", "provenance/inclusion-proofs.json: \"origin\" is the number 7, not a string")]
    public void Validate_ProofsFileOfAnotherShape_IsAProblemNamingTheFile(string json, string problem)
    {
        File.WriteAllText(ProofsPath, json);
        ResealTags();

        var report = BagImporter.Validate(_bag, _key);

        Assert.False(report.Ok);
        Assert.Contains(problem, report.Problems);
        // With no proof read, no capture is proven either.
        Assert.Contains(report.Problems, p => p.EndsWith(": no event in provenance/inclusion-proofs.json proves it is in the signed log", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5", "items[0] is the number 5, not an object (capture, event_index, event, leaf_hash, path)")]
    [InlineData("null", "items[0] is null, not an object (capture, event_index, event, leaf_hash, path)")]
    [InlineData("[]", "items[0] is an array, not an object (capture, event_index, event, leaf_hash, path)")]
    [InlineData("-capture", "items[0] has no \"capture\" (a string naming the capture)")]
    [InlineData("-event_index", "items[0] has no \"event_index\" (a whole number from 0, the event's index in the log)")]
    [InlineData("-event", "items[0] has no \"event\" (a string holding the event's canonical JSON)")]
    [InlineData("-leaf_hash", "items[0] has no \"leaf_hash\" (a SHA-256 hash in hex)")]
    [InlineData("-path", "items[0] has no \"path\" (an array of SHA-256 hashes in hex, the audit path)")]
    [InlineData("capture=5", "items[0]: \"capture\" is the number 5, not a string naming the capture")]
    [InlineData("capture=null", "items[0]: \"capture\" is null, not a string naming the capture")]
    [InlineData("event_index=\"0\"", "items[0]: \"event_index\" is the string \"0\", not a whole number from 0, the event's index in the log")]
    [InlineData("event_index=-1", "items[0]: \"event_index\" is the number -1, not a whole number from 0, the event's index in the log")]
    [InlineData("event_index=1.5", "items[0]: \"event_index\" is the number 1.5, not a whole number from 0, the event's index in the log")]
    [InlineData("event={}", "items[0]: \"event\" is an object, not a string holding the event's canonical JSON")]
    [InlineData("leaf_hash=\"zz\"", "items[0]: \"leaf_hash\" is the string \"zz\", not a SHA-256 hash in hex")]
    [InlineData("leaf_hash=true", "items[0]: \"leaf_hash\" is true, not a SHA-256 hash in hex")]
    [InlineData("path=\"ab\"", "items[0]: \"path\" is the string \"ab\", not an array of SHA-256 hashes in hex, the audit path")]
    [InlineData("path=[5]", "items[0]: \"path\"[0] is the number 5, not a SHA-256 hash in hex")]
    [InlineData("path=[null]", "items[0]: \"path\"[0] is null, not a SHA-256 hash in hex")]
    public void Validate_ProofItemOfAnotherShape_IsAProblemNamingTheItemAndMember(string change, string problem)
    {
        var proofs = JsonNode.Parse(File.ReadAllText(ProofsPath))!;
        var items = proofs["items"]!.AsArray();
        if (change.StartsWith('-'))
        {
            items[0]!.AsObject().Remove(change[1..]);
        }
        else if (change.Split('=', 2) is [var member, var value])
        {
            items[0]![member] = JsonNode.Parse(value);
        }
        else
        {
            items[0] = JsonNode.Parse(change);
        }

        File.WriteAllText(ProofsPath, proofs.ToJsonString());
        ResealTags();

        var report = BagImporter.Validate(_bag, _key);
        var imported = _other.Services.BagImporter.Import(_bag, "test-agent", _key, CancellationToken.None);

        Assert.False(report.Ok);
        Assert.Contains("provenance/inclusion-proofs.json: " + problem, report.Problems);
        Assert.DoesNotContain(report.Problems, p => p.Contains("malformed", StringComparison.Ordinal) || p.Contains("Object reference", StringComparison.Ordinal));
        Assert.False(imported.Ok);
        Assert.Empty(_other.Reader.List());
    }

    [Fact]
    public void Validate_LeafHashThatIsNotItsEvents_IsAProblemNamingTheEvent()
    {
        var proofs = JsonNode.Parse(File.ReadAllText(ProofsPath))!;
        var item = proofs["items"]![0]!;
        item["leaf_hash"] = new string('0', 64);
        File.WriteAllText(ProofsPath, proofs.ToJsonString());
        ResealTags();

        var report = BagImporter.Validate(_bag, _key);

        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.StartsWith($"event {item["event_index"]} of {item["capture"]}: its leaf_hash {new string('0', 64)} is not the leaf hash of its event", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Import_IngestedProofDropped_IsRefusedNamingTheCapture(bool forged)
    {
        // The carrier leaves out the capture's ingested event and keeps its later ones (text-extracted, amendments).
        var proofs = JsonNode.Parse(File.ReadAllText(ProofsPath))!;
        var items = proofs["items"]!.AsArray();
        var item = items.Single(i => i!["capture"]!.GetValue<string>() == _amended && TypeOf(i!) == "ingested");
        items.Remove(item);
        Assert.Contains(items, i => i!["capture"]!.GetValue<string>() == _amended && TypeOf(i!) == "text-extracted");
        File.WriteAllText(ProofsPath, proofs.ToJsonString());
        var folder = Path.Combine(_bag, "data", "captures", _amended[7..]);
        if (forged)
        {
            // Then makes up the metadata and renames the original: neither can be compared with a proven event now.
            File.WriteAllText(Path.Combine(folder, "metadata.json"), "{\"slug\":\"made-up\",\"title\":\"Made-up title\",\"publisher\":\"Nobody\"}\n");
            var original = Directory.GetFiles(Path.Combine(folder, "original")).Single();
            File.Move(original, Path.Combine(folder, "original", "made-up.pdf"));
        }

        Reseal();

        var check = BagImporter.Validate(_bag, _key);
        var report = _other.Services.BagImporter.Import(_bag, "test-agent", _key, CancellationToken.None);

        var problem = $"{_amended}: provenance/inclusion-proofs.json proves no ingested event of it, so the bag does not prove where it came from (the original's name, its metadata, its source): only later events about it";
        Assert.False(check.Ok);
        Assert.Equal([problem], check.Problems);
        Assert.False(report.Ok);
        Assert.Contains(problem, report.Problems);
        Assert.Empty(_other.Reader.List());
    }

    [Fact]
    public void Validate_SlugOfAnotherTypeInMetadata_IsAProblemNamingIt()
    {
        var metadata = Path.Combine(_bag, "data", "captures", _amended[7..], "metadata.json");
        var fields = JsonNode.Parse(File.ReadAllText(metadata))!;
        var slug = fields["slug"]!.GetValue<string>();
        fields["slug"] = 5;
        File.WriteAllText(metadata, fields.ToJsonString());
        Reseal();

        var report = BagImporter.Validate(_bag, _key);

        Assert.False(report.Ok);
        Assert.Equal([$"changed metadata data/captures/{_amended[7..]}/metadata.json: slug is 5, but the bag's proven ingested event records \"{slug}\""], report.Problems);
    }

    [Fact]
    public void Import_TextsIndexWithPageStartsThatAreNotNumbers_ImportsTheCaptureWithoutThem()
    {
        var index = Path.Combine(_bag, "data", "captures", _amended[7..], "texts.json");
        var versions = JsonNode.Parse(File.ReadAllText(index))!.AsArray();
        versions[^1]!["page_starts"] = new JsonArray(0, null);
        File.WriteAllText(index, versions.ToJsonString());
        Reseal();

        var report = _other.Services.BagImporter.Import(_bag, "test-agent", _key, CancellationToken.None);

        Assert.True(report.Ok, string.Join('\n', report.Problems));
        Assert.Equal(5, report.Imported.Count);
    }

    private static string TypeOf(JsonNode item) => JsonNode.Parse(item["event"]!.GetValue<string>())!["type"]!.GetValue<string>();

    /// <summary>Both manifests and Payload-Oxum recomputed after a change, as anyone holding the bag could.</summary>
    private void Reseal()
    {
        var files = Directory.GetFiles(Path.Combine(_bag, "data"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        File.WriteAllText(Path.Combine(_bag, "manifest-sha256.txt"), string.Concat(files.Select(f => $"{Sha256(f)}  {Relative(f)}\n")));
        var oxum = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Payload-Oxum: {files.Sum(f => new FileInfo(f).Length)}.{files.Count}");
        var info = Path.Combine(_bag, "bag-info.txt");
        File.WriteAllLines(info, File.ReadAllLines(info).Select(l => l.StartsWith("Payload-Oxum:", StringComparison.Ordinal) ? oxum : l));
        ResealTags();
    }

    /// <summary>The tag manifest recomputed over the tag files it lists.</summary>
    private void ResealTags()
    {
        var tags = Path.Combine(_bag, "tagmanifest-sha256.txt");
        var names = File.ReadAllLines(tags).Select(l => l[66..]).ToList();
        File.WriteAllText(tags, string.Concat(names.Select(n => $"{Sha256(Path.Combine(_bag, n))}  {n}\n")));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string Relative(string path) => Path.GetRelativePath(_bag, path).Replace(Path.DirectorySeparatorChar, '/');
}
