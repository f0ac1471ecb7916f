using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Archive.Core.Storage;

namespace Archive.Cli.Tests.Commands;

/// <summary><c>archive export bag</c> and <c>archive import bag</c>, checked from outside by sha256sum and a small Python script.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class BagCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly TempArchive _other = new();
    private readonly string _bag;
    private readonly JsonNode _export;

    public BagCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var ids = _archive.RunJson("list")["items"]!.AsArray().Take(2).Select(c => c!["id"]!.GetValue<string>()).ToArray();
        _bag = Path.Combine(_archive.Workspace, "bag");
        _export = _archive.RunJson(["export", "bag", .. ids, "-o", _bag]);
    }

    public void Dispose()
    {
        _other.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public void Export_TwoCaptures_BothManifestsPassSha256sumAndTheScriptRecomputesEveryProof()
    {
        var manifests = Sh($"cd '{_bag}' && sha256sum -c --strict manifest-sha256.txt && sha256sum -c --strict tagmanifest-sha256.txt");
        var proofs = TempArchive.Finish(TempArchive.StartProcess("python3", [Script, _bag]));

        Assert.True(manifests.ExitCode == 0, manifests.ToString());
        Assert.Equal(2, _export["captures"]!.AsArray().Count);
        Assert.Equal(8, _export["payload_files"]!.GetValue<int>());
        Assert.True(proofs.ExitCode == 0, proofs.ToString());
        Assert.Equal("4 inclusion proofs verified against tree size 10\n", proofs.Out);
        Assert.Equal("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", File.ReadAllText(Path.Combine(_bag, "bagit.txt")));
        var info = File.ReadAllText(Path.Combine(_bag, "bag-info.txt"));
        Assert.Contains($"Payload-Oxum: {_export["payload_bytes"]}.8\n", info, StringComparison.Ordinal);
        Assert.Contains($"Archive-Key-Fingerprint: {_export["key_fingerprint"]}\n", info, StringComparison.Ordinal);
        var prov = JsonNode.Parse(File.ReadAllText(Path.Combine(_bag, "provenance", "events.prov.json")))!;
        Assert.Equal(4, prov["activity"]!.AsObject().Count);
        Assert.Equal(2, prov["used"]!.AsObject().Count);
    }

    [Fact]
    public void Script_EventEditedInTheBag_ReportsTheFailedProof()
    {
        var path = Path.Combine(_bag, "provenance", "inclusion-proofs.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\\\"outcome\\\":\\\"ok\\\"", "\\\"outcome\\\":\\\"no\\\"", StringComparison.Ordinal));

        var proofs = TempArchive.Finish(TempArchive.StartProcess("python3", [Script, _bag]));

        Assert.Equal(1, proofs.ExitCode);
        Assert.Contains("inclusion proof fails", proofs.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_IntoAnotherArchive_IngestsEachCaptureWithAnImportedEvent()
    {
        var result = _other.RunJson("import", "bag", _bag);

        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.Equal(2, result["imported"]!.AsArray().Count);
        var list = _other.RunJson("list")["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(_export["captures"]!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal), list);
        var imported = _other.RunJson("log").AsArray().Select(e => e!["event"]!).Where(e => e["type"]!.GetValue<string>() == "imported").ToList();
        Assert.Equal(2, imported.Count);
        Assert.Equal(_export["checkpoint_root"]!.GetValue<string>(), imported[0]["data"]!["checkpoint_root"]!.GetValue<string>());
        Assert.Equal(2, imported[0]["data"]!["events"]!.AsArray().Count);
        Assert.Equal(0, _other.Run("verify", "--no-record").ExitCode);
    }

    [Fact]
    public void Import_CaptureDecodedByADeclaredEncoding_IsDecodedTheSameWayHere()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var original = Path.Combine(_archive.Inputs, "cp1256", "statement.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        File.WriteAllBytes(original, System.Text.Encoding.GetEncoding(1256).GetBytes("بيان عن سجن الحسكة\n"));
        File.WriteAllText(original + ".meta.json", "{\"encoding\": \"windows-1256\", \"title\": \"بيان\"}");
        var ingested = _archive.Run("ingest", original);
        Assert.True(ingested.ExitCode == 0, ingested.ToString());
        var id = _archive.RunJson("list")["items"]!.AsArray().Single(c => c!["original_name"]!.GetValue<string>() == "statement.txt")!["id"]!.GetValue<string>();
        var bag = Path.Combine(_archive.Workspace, "bag-cp1256");
        Assert.Equal(0, _archive.Run("export", "bag", id, "-o", bag).ExitCode);

        var result = _other.Run("import", "bag", bag, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("بيان عن سجن الحسكة\n", _other.Run("text", id).Out);
        Assert.Equal("بيان", _other.RunJson("show", id)["capture"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public void Import_Utf16CaptureDecodedByItsByteOrderMark_IsDecodedTheSameWayHere()
    {
        var original = Path.Combine(_archive.Inputs, "utf16", "unicode.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        File.WriteAllBytes(original, [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes("بيان عن سجن الحسكة\r\n")]);
        var ingested = _archive.Run("ingest", original);
        Assert.True(ingested.ExitCode == 0, ingested.ToString());
        var id = _archive.RunJson("list")["items"]!.AsArray().Single(c => c!["original_name"]!.GetValue<string>() == "unicode.txt")!["id"]!.GetValue<string>();
        var bag = Path.Combine(_archive.Workspace, "bag-utf16");
        Assert.Equal(0, _archive.Run("export", "bag", id, "-o", bag).ExitCode);

        // The settings say utf-16le(bom): found by the mark, not declared, so the import finds it the same way.
        var result = _other.Run("import", "bag", bag, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("بيان عن سجن الحسكة\n", _other.Run("text", id).Out);
    }

    [Fact]
    public void Import_SenderKeyPinnedAsPemOrFingerprint_ImportsAndSaysItWasPinned()
    {
        var sender = _archive.RunJson("key");
        var pem = sender["public_key"]!.GetValue<string>();

        var check = _other.Run("import", "bag", _bag, "--check", "--trust-key", sender["fingerprint"]!.GetValue<string>().ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal));
        var bareHex = _other.Run("import", "bag", _bag, "--check", "--trust-key", sender["fingerprint"]!.GetValue<string>()["sha256:".Length..]);
        var result = _other.RunJson("import", "bag", _bag, "--trust-key", pem);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains($"signed by {sender["fingerprint"]}, the pinned key", check.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not pinned", check.Out, StringComparison.Ordinal);
        Assert.True(bareHex.ExitCode == 0, bareHex.ToString());
        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.True(result["key_pinned"]!.GetValue<bool>());
        Assert.Equal(2, result["imported"]!.AsArray().Count);
    }

    [Fact]
    public void Import_BagSignedByAnotherKeyThanThePinnedOne_IsRefusedNamingBothKeys()
    {
        var otherKey = _other.RunJson("key");

        var result = _other.Run("import", "bag", _bag, "--trust-key", otherKey["public_key"]!.GetValue<string>());

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"signed by key {_export["key_fingerprint"]} (provenance/public.pem in the bag), not the pinned key {otherKey["fingerprint"]}", result.Out, StringComparison.Ordinal);
        Assert.Contains("bag INVALID", result.Out, StringComparison.Ordinal);
        Assert.Empty(_other.RunJson("list")["items"]!.AsArray());
    }

    [Fact]
    public void Import_WithoutPinnedKey_NotesThatTheKeyWasNotPinned()
    {
        var result = _other.Run("import", "bag", _bag, "--check");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("note: that key was not pinned", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("no-such-key.pem")]
    [InlineData("")]
    public void Import_PinnedKeyThatIsNeitherFingerprintNorPem_IsRefusedBeforeReadingTheBag(string key)
    {
        var result = _other.Run("import", "bag", _bag, "--trust-key", key);

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual(ExitCodes.IntegrityProblem, result.ExitCode);
        Assert.Contains(key.Length == 0 ? "--trust-key is empty" : key, result.Err, StringComparison.Ordinal);
        Assert.Empty(_other.RunJson("list")["items"]!.AsArray());
    }

    [Fact]
    public void Import_KeepsEachFieldWithTheOriginTheSourceArchiveRecorded()
    {
        Assert.True(_other.RunJson("import", "bag", _bag)["ok"]!.GetValue<bool>());

        foreach (var id in _export["captures"]!.AsArray().Select(c => c!.GetValue<string>()))
        {
            var source = _archive.RunJson("show", id)["fields"]!.AsObject();
            var imported = _other.RunJson("show", id)["fields"]!.AsObject();
            Assert.NotEmpty(source);
            foreach (var (name, field) in source)
            {
                Assert.True(JsonNode.DeepEquals(field!["value"], imported[name]?["value"]), $"{id} {name}");
                Assert.Equal(field!["origin"]!.GetValue<string>(), imported[name]!["origin"]!.GetValue<string>());
            }

            Assert.Equal(_archive.RunJson("show", id)["capture"]!["slug"]!.GetValue<string>(), _other.RunJson("show", id)["capture"]!["slug"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Import_MetadataChangedWithEveryManifestRecomputed_IsRefusedNamingTheField()
    {
        var metadata = Directory.GetFiles(Path.Combine(_bag, "data"), "metadata.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var fields = JsonNode.Parse(File.ReadAllText(metadata))!.AsObject();
        var title = fields["title"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        fields["title"] = "Forged title";
        File.WriteAllText(metadata, fields.ToJsonString() + "\n");
        // Both manifests and the payload's size recomputed, as anyone holding the bag could.
        var size = Directory.GetFiles(Path.Combine(_bag, "data"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var count = Directory.GetFiles(Path.Combine(_bag, "data"), "*", SearchOption.AllDirectories).Length;
        var info = File.ReadAllLines(Path.Combine(_bag, "bag-info.txt")).Select(l => l.StartsWith("Payload-Oxum:", StringComparison.Ordinal) ? $"Payload-Oxum: {size}.{count}" : l);
        File.WriteAllLines(Path.Combine(_bag, "bag-info.txt"), info);
        Assert.Equal(0, Sh($"cd '{_bag}' && find data -type f | sort | xargs sha256sum > manifest-sha256.txt && sha256sum $(awk '{{print $2}}' tagmanifest-sha256.txt) > tagmanifest-sha256.txt.new && mv tagmanifest-sha256.txt.new tagmanifest-sha256.txt").ExitCode);

        AssertRefused($"changed metadata {Relative(metadata)}: title is \"Forged title\", but the bag's proven events record {title}");
    }

    [Fact]
    public void Import_TextForgedWithoutTextsIndexAndManifestsRecomputed_IsRefusedAndImportsNothing()
    {
        var text = FirstCaptureFile("text.txt");
        File.Delete(Path.Combine(Path.GetDirectoryName(text)!, "texts.json"));
        File.WriteAllText(text, File.ReadAllText(text).Replace("the", "THE", StringComparison.Ordinal) + "A forged line.\n");
        Reseal();

        Assert.Equal(ExitCodes.IntegrityProblem, _other.Run("import", "bag", _bag, "--check").ExitCode);
        AssertRefused($"changed text {Relative(text)}: it hashes to sha256:{Sha256(text)}, which no proven text-extracted event of sha256:");
    }

    [Fact]
    public void Import_OriginalRenamedAndManifestsRecomputed_IsRefusedNamingTheRecordedName()
    {
        var original = Directory.GetFiles(Path.GetDirectoryName(FirstCaptureFile("text.txt"))!, "*", SearchOption.AllDirectories).Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == "original");
        var renamed = Path.Combine(Path.GetDirectoryName(original)!, "evidence.bin");
        File.Move(original, renamed);
        Reseal();

        AssertRefused($"renamed original {Relative(renamed)}: the bag's proven ingested event names it {Path.GetFileName(original)}");
    }

    [Theory]
    [InlineData("{\"items\":5}", "provenance/inclusion-proofs.json: \"items\" is the number 5, not an array of proofs")]
    [InlineData("[]", "provenance/inclusion-proofs.json: an array, not the object with \"items\" the export writes")]
    public void Import_ProofsFileOfAnotherShape_ExitsIntegrityProblemNamingIt(string json, string problem)
    {
        File.WriteAllText(Path.Combine(_bag, "provenance", "inclusion-proofs.json"), json);
        ResealTags();

        var check = _other.Run("import", "bag", _bag, "--check");

        Assert.True(check.ExitCode == ExitCodes.IntegrityProblem, check.ToString());
        Assert.Contains($"PROBLEM  {problem}", check.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, check.Err);
        AssertRefused(problem);
    }

    [Fact]
    public void Import_IngestedProofDroppedMetadataMadeUpAndOriginalRenamed_ExitsIntegrityProblemNamingTheCapture()
    {
        var id = _export["captures"]![0]!.GetValue<string>();
        var path = Path.Combine(_bag, "provenance", "inclusion-proofs.json");
        var proofs = JsonNode.Parse(File.ReadAllText(path))!;
        var items = proofs["items"]!.AsArray();
        items.Remove(items.Single(i => i!["capture"]!.GetValue<string>() == id && i["event"]!.GetValue<string>().Contains("\"type\":\"ingested\"", StringComparison.Ordinal)));
        File.WriteAllText(path, proofs.ToJsonString());
        var folder = Path.Combine(_bag, "data", "captures", id[7..]);
        File.WriteAllText(Path.Combine(folder, "metadata.json"), "{\"title\":\"Made-up title\"}\n");
        var original = Directory.GetFiles(Path.Combine(folder, "original")).Single();
        File.Move(original, Path.Combine(folder, "original", "made-up.txt"));
        Reseal();
        var problem = $"{id}: provenance/inclusion-proofs.json proves no ingested event of it, so the bag does not prove where it came from";

        var check = _other.Run("import", "bag", _bag, "--check", "--trust-key", _export["key_fingerprint"]!.GetValue<string>());

        Assert.True(check.ExitCode == ExitCodes.IntegrityProblem, check.ToString());
        Assert.Contains($"PROBLEM  {problem}", check.Out, StringComparison.Ordinal);
        AssertRefused(problem);
    }

    [Fact]
    public void Help_ImportBag_SaysABagNeedNotCarryEveryEventAndWhatToCompareItWith()
    {
        var help = _other.Run("import", "bag", "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        var text = string.Join(' ', help.Out.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("A bag proves that each event it carries was in the sender's signed log, not that it carries every event", text, StringComparison.Ordinal);
        Assert.Contains("compare its provenance/inclusion-proofs.json with the sender's log (`archive log export`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_FolderThatIsNoCaptureUnderCaptures_IsAProblemNotACrash()
    {
        Directory.CreateDirectory(Path.Combine(_bag, "data", "captures", "notes"));
        File.WriteAllText(Path.Combine(_bag, "data", "captures", "notes", "readme.txt"), "not a capture");
        Reseal();

        AssertRefused("data/captures/notes: not a capture's folder (each is named by the SHA-256 of its capture)");
    }

    [Fact]
    public void Import_SymbolicLinksInTheBag_AreRefusedWithoutFollowingThem()
    {
        File.CreateSymbolicLink(Path.Combine(_bag, "data", "root"), "/");
        File.CreateSymbolicLink(Path.Combine(_bag, "data", "loop"), "..");

        AssertRefused("link data/loop: a bag may hold files and folders only, not symbolic links");
        Assert.Contains("PROBLEM  link data/root:", _other.Run("import", "bag", _bag, "--check").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_TagManifestNamingAFileOutsideTheBag_IsRefused()
    {
        var outside = Path.Combine(_archive.Workspace, "outside.txt");
        File.WriteAllText(outside, "a file beside the bag");
        File.AppendAllText(Path.Combine(_bag, "tagmanifest-sha256.txt"), $"{Sha256(outside)}  {outside}\n");

        AssertRefused($"tagmanifest-sha256.txt: {outside} is not a tag file");
    }

    [Fact]
    public void Import_PathListedTwiceInTheManifest_IsRefusedAsSha256sumWouldBe()
    {
        var text = Relative(FirstCaptureFile("text.txt"));
        var manifest = Path.Combine(_bag, "manifest-sha256.txt");
        File.WriteAllText(manifest, $"{new string('0', 64)}  {text}\n" + File.ReadAllText(manifest));
        ResealTags();

        Assert.NotEqual(0, Sh($"cd '{_bag}' && sha256sum -c --quiet manifest-sha256.txt").ExitCode);
        var line = Array.FindIndex(File.ReadAllLines(manifest), l => l.EndsWith("  " + text, StringComparison.Ordinal) && !l.StartsWith('0')) + 1;
        AssertRefused(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"manifest-sha256.txt:{line}: {text} is listed again"));
    }

    [Fact]
    public void Import_DeclarationOfAnotherVersionWithTagsRecomputed_IsRefused()
    {
        File.WriteAllText(Path.Combine(_bag, "bagit.txt"), "BagIt-Version: 1.07\nTag-File-Character-Encoding: ISO-8859-1\n");
        ResealTags();

        AssertRefused("bagit.txt: missing, or not the two lines \"BagIt-Version: 1.0\" and \"Tag-File-Character-Encoding: UTF-8\"");
    }

    [Fact]
    public void Import_PayloadOxumGivenTwiceWithTagsRecomputed_IsRefused()
    {
        var info = Path.Combine(_bag, "bag-info.txt");
        File.AppendAllText(info, "Payload-Oxum: 1.1\n");
        ResealTags();

        AssertRefused("bag-info.txt: Payload-Oxum is given more than once");
    }

    [Fact]
    public void Import_ChangedFile_ExitsIntegrityProblemNamingItAndImportsNothing()
    {
        var text = Directory.GetFiles(Path.Combine(_bag, "data"), "text.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.AppendAllText(text, "one more line\n");

        AssertRefused($"changed file {Relative(text)}: manifest-sha256.txt says");
    }

    [Fact]
    public void Import_ExtraFile_ExitsIntegrityProblemNamingIt()
    {
        File.WriteAllText(Path.Combine(_bag, "data", "smuggled.txt"), "not in the manifest");

        AssertRefused("extra file data/smuggled.txt: in data/ but not in manifest-sha256.txt");
    }

    [Fact]
    public void Import_MissingFile_ExitsIntegrityProblemNamingIt()
    {
        var metadata = Directory.GetFiles(Path.Combine(_bag, "data"), "metadata.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Delete(metadata);

        AssertRefused($"missing file {Relative(metadata)}: listed in manifest-sha256.txt but not in the bag");
    }

    [Fact]
    public void Import_ChangedTagFile_ExitsIntegrityProblemNamingIt()
    {
        File.AppendAllText(Path.Combine(_bag, "bag-info.txt"), "Contact-Name: someone else\n");

        AssertRefused("changed tag file bag-info.txt: tagmanifest-sha256.txt says");
    }

    [Fact]
    public void Import_HugeBagInfoWithManifestsRecomputed_IsRefusedUnread()
    {
        // A 2 MB field, with the tag manifest recomputed as anyone could: refused by its size, not read into memory.
        File.AppendAllText(Path.Combine(_bag, "bag-info.txt"), "External-Identifier: " + new string('x', 2 << 20) + "\n");
        Assert.Equal(0, Sh($"cd '{_bag}' && sha256sum bag-info.txt bagit.txt manifest-sha256.txt $(awk '{{print $2}}' tagmanifest-sha256.txt | grep -v -e '^bag-info.txt$' -e '^bagit.txt$' -e '^manifest-sha256.txt$') > tagmanifest-sha256.txt").ExitCode);

        var size = new FileInfo(Path.Combine(_bag, "bag-info.txt")).Length;
        AssertRefused(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bag-info.txt: {size:N0} bytes, more than the 1,048,576 a bag-info.txt may hold here; not read"));
    }

    [Fact]
    public void Import_PayloadOxum_CountsTheFilesOnDisk()
    {
        var stated = File.ReadAllLines(Path.Combine(_bag, "bag-info.txt")).Single(l => l.StartsWith("Payload-Oxum:", StringComparison.Ordinal))["Payload-Oxum:".Length..].Trim();
        File.WriteAllText(Path.Combine(_bag, "data", "smuggled.txt"), "not in the manifest");
        var payload = Directory.GetFiles(Path.Combine(_bag, "data"), "*", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();

        AssertRefused(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bag-info.txt: Payload-Oxum {stated} but the payload is {payload.Sum()}.{payload.Count} (bytes.files)"));
    }

    [Fact]
    public void Export_NoSelection_ExitsUsage()
    {
        var result = _archive.Run("export", "bag", "-o", Path.Combine(_archive.Workspace, "empty"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal("archive: export bag: name captures (ID...), --search QUERY or --pack PACK\n", result.Err);
    }

    [Fact]
    public void Export_IntoNonEmptyFolder_ExitsUsageAndWritesNothing()
    {
        var result = _archive.Run("export", "bag", "--search", "prison", "-o", _bag);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("is not empty: a bag is written into a new or empty folder", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_FileFailsMidway_ExitsNotWritableNamingItLeavesNoFolderAndARerunSucceeds()
    {
        var ids = _export["captures"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
        var blob = new ContentStore(_archive.Layout.BlobsPath).PathFor(Sha256Digest.Parse(ids[1]));
        var aside = Path.Combine(_archive.Workspace, "aside");
        var output = Path.Combine(_archive.Workspace, "retry");
        File.Move(blob, aside);

        // The first capture's files are in by then: the copy of the second one's original fails.
        var failed = _archive.Run(["export", "bag", .. ids, "-o", output]);

        Assert.True(failed.ExitCode == ExitCodes.NotWritable, failed.ToString());
        var line = Assert.Single(failed.ErrLines);
        Assert.True(line.StartsWith($"archive: {output}: writing data/captures/{ids[1][7..]}/original/", StringComparison.Ordinal), line);
        Assert.EndsWith("; nothing was exported", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_archive.Workspace, "retry*"));

        File.Move(aside, blob);
        var rerun = _archive.Run(["export", "bag", .. ids, "-o", output]);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var check = Sh($"cd '{output}' && sha256sum -c --strict manifest-sha256.txt && sha256sum -c --strict tagmanifest-sha256.txt");
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void Export_IntoAnEmptyFolder_TheCompleteBagTakesItsPlaceAndNoTemporaryFolderIsLeft()
    {
        var output = Path.Combine(_archive.Workspace, "empty");
        Directory.CreateDirectory(output);

        var result = _archive.RunJson("export", "bag", _export["captures"]![0]!.GetValue<string>(), "-o", output + "/");

        Assert.Equal(output, result["directory"]!.GetValue<string>());
        Assert.Equal([output], Directory.EnumerateFileSystemEntries(_archive.Workspace, "empty*"));
        var check = Sh($"cd '{output}' && sha256sum -c --strict manifest-sha256.txt && sha256sum -c --strict tagmanifest-sha256.txt");
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void Export_BySearch_HoldsEveryHit()
    {
        var hits = _archive.RunJson("search", "prison")["total"]!.GetValue<int>();

        var result = _archive.RunJson("export", "bag", "--search", "prison", "-o", Path.Combine(_archive.Workspace, "by-search"));

        Assert.True(hits > 0);
        Assert.Equal(hits, result["captures"]!.AsArray().Count);
    }

    [Fact]
    public void Export_ByPack_HoldsTheCitedSourcesOnly()
    {
        var cited = _export["captures"]![0]!.GetValue<string>();
        var text = File.ReadAllText(Directory.GetFiles(Path.Combine(_bag, "data", "captures", cited[7..]), "text.txt").Single());
        var quote = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(line => line.Length > 40)[..40];
        var brief = _archive.WriteInput("pack-brief.md", $"---\ntitle: One source\n---\n\nIt says [@{cited[7..19]} \"{quote}\"].\n");
        var built = _archive.RunJson("brief", brief, "-o", Path.Combine(_archive.Workspace, "out", "one.pdf"), "--templates", BriefCommandTests.Templates);

        var result = _archive.RunJson("export", "bag", "--pack", built["pack_id"]!.GetValue<string>(), "-o", Path.Combine(_archive.Workspace, "by-pack"));

        Assert.Equal([cited], result["captures"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    private void AssertRefused(string problem)
    {
        var result = _other.Run("import", "bag", _bag);

        Assert.True(result.ExitCode == ExitCodes.IntegrityProblem, result.ToString());
        Assert.Contains($"PROBLEM  {problem}", result.Out, StringComparison.Ordinal);
        Assert.Contains("bag INVALID", result.Out, StringComparison.Ordinal);
        Assert.Empty(_other.RunJson("list")["items"]!.AsArray());
    }

    /// <summary>A file of the first capture's folder (in path order).</summary>
    private string FirstCaptureFile(string name) =>
        Directory.GetFiles(Path.Combine(_bag, "data"), name, SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();

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

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private string Relative(string path) => Path.GetRelativePath(_bag, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string Script => Path.Combine(TempArchive.RepositoryRoot, "tests", "scripts", "bag-proofs.py");

    private static CliResult Sh(string script) => TempArchive.Finish(TempArchive.StartProcess("sh", ["-c", script]));
}
