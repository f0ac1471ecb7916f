using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion;

public sealed class IngestorTests : IDisposable
{
    private const string ArabicReport = "تقرير عن الهجوم على سجن الصناعة في الحسكة.\nفرّ عدد من المحتجزين بعد الهجوم على السجن.\n";

    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Ingest_SameBytesTwice_ReturnsDuplicateAndLogsNewPath()
    {
        var first = _archive.WriteInput("a/report.txt", "Report on the prison attack in Hasakah.\nDozens escaped.\n");
        var second = _archive.WriteInput("b/copy-of-report.txt", File.ReadAllBytes(first));
        File.WriteAllText(second + SidecarReader.Suffix, """{"title": "The same report, supplied again"}""");

        var ingested = Assert.Single(_archive.Ingest(first));
        var duplicate = Assert.Single(_archive.Ingest(second));

        Assert.Equal(IngestStatus.Ingested, ingested.Status);
        Assert.Equal(IngestStatus.Duplicate, duplicate.Status);
        Assert.Equal(ingested.CaptureId, duplicate.CaptureId);
        Assert.Equal(1, _archive.Reader.Count());
        var events = _archive.Reader.Show(ingested.CaptureId!.Value)!.Events;
        Assert.Equal([EventType.Ingested, EventType.TextExtracted, EventType.DuplicateSupplied], events.Select(e => e.Type));
        var data = JsonNode.Parse(events[2].Json)!["data"]!;
        Assert.Equal(second, data["path"]!.GetValue<string>());
        Assert.Equal("copy-of-report.txt", data["original_name"]!.GetValue<string>());
        Assert.Equal("The same report, supplied again", data["metadata"]!["title"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ingest_SameSourceUrlDifferentBytes_AddsVersionOfSameSource(bool sameBatch)
    {
        const string Sidecar = """{"source_url": "https://example.org/news/prison-attack", "title": "Prison attack"}""";
        var v1 = _archive.WriteInput("v1/page.txt", "Prison attack: first capture of the page.\n");
        var v2 = _archive.WriteInput("v2/page.txt", "Prison attack: second capture, with a correction.\n");
        File.WriteAllText(v1 + SidecarReader.Suffix, Sidecar);
        File.WriteAllText(v2 + SidecarReader.Suffix, Sidecar);

        var outcomes = sameBatch ? _archive.Ingest(v1, v2) : [.. _archive.Ingest(v1), .. _archive.Ingest(v2)];

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Ingested, o.Status));
        Assert.Equal([1, 2], outcomes.Select(o => o.SourceVersion!.Value));
        Assert.Equal(outcomes[0].Slug, outcomes[1].Slug);
        Assert.NotEqual(outcomes[0].CaptureId, outcomes[1].CaptureId);
        var detail = _archive.Reader.Show(outcomes[1].CaptureId!.Value)!;
        Assert.Equal("https://example.org/news/prison-attack", detail.SourceUrl);
        Assert.Equal(outcomes.Select(o => o.CaptureId), detail.Versions.Select(v => (CaptureId?)v.Id));
        Assert.All(detail.Versions, v => Assert.True(File.Exists(_archive.Reader.OriginalPath(v)), v.Id.Value));
    }

    [Fact]
    public void Ingest_FieldInSidecarCliAndDocument_SidecarWinsOverCliOverDocument()
    {
        var page = _archive.WriteInput("page.html", """
            <!doctype html>
            <html lang="en"><head>
            <title>Title From Document</title>
            <meta property="og:site_name" content="Publisher From Document">
            <meta name="author" content="Author From Document">
            </head><body><p>Fighters attacked the prison in Hasakah and dozens of detainees escaped.</p></body></html>
            """);
        File.WriteAllText(page + SidecarReader.Suffix, """{"title": "Title From Sidecar"}""");
        var cli = new Dictionary<string, FieldValue>
        {
            ["title"] = new(JsonValue.Create("Title From Cli"), FieldOrigin.Cli),
            ["publisher"] = new(JsonValue.Create("Publisher From Cli"), FieldOrigin.Cli),
        };

        var outcome = Assert.Single(_archive.Ingest([page], cli, null));

        var fields = _archive.Reader.Show(outcome.CaptureId!.Value)!.Fields;
        Assert.Equal(("Title From Sidecar", "sidecar:page.html.meta.json"), (fields["title"].Display, fields["title"].Origin));
        Assert.Equal(("Publisher From Cli", FieldOrigin.Cli), (fields["publisher"].Display, fields["publisher"].Origin));
        Assert.Equal(("Author From Document", "document:anglesharp-html"), (fields["authors"].Display, fields["authors"].Origin));
        Assert.Equal(("en", "document:anglesharp-html"), (fields["language"].Display, fields["language"].Origin));
    }

    [Theory]
    [InlineData("notes.md", "# Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n", "Ad sales boost Time Warner profit")]
    [InlineData("notes.md", "## Closed heading ##\n", "Closed heading")]
    [InlineData("notes.md", "# Learning C#\n", "Learning C#")]
    [InlineData("notes.txt", "#hashtag is not a heading\n", "#hashtag is not a heading")]
    [InlineData("notes.txt", "####### seven marks are not a heading\n", "####### seven marks are not a heading")]
    public void Ingest_TitleGuessedFromAHeadingLine_LeavesOutTheHeadingMarks(string name, string content, string title)
    {
        var outcome = Assert.Single(_archive.Ingest(_archive.WriteInput(name, content)));

        var shown = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal(title, shown.Capture.Title);
        Assert.Equal(FieldOrigin.Derived, shown.Fields["title"].Origin);
    }

    [Fact]
    public void Ingest_FolderWithATextHoldingNoncharacterFffe_EveryFileIngestedAndTheCharacterKept()
    {
        // ICU's NFC throws on U+FFFE: one such file used to stop the whole folder with an unexpected error.
        var good = _archive.WriteInput("mixed/good.txt", "A good report on the prison.\n");
        var odd = _archive.WriteInput("mixed/odd.md", "# Odd\n\nA report with \uFFFE inside and cafe\u0301.\n");

        var outcomes = _archive.Ingest(Path.GetDirectoryName(good)!);

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Ingested, o.Status));
        Assert.Equal(2, outcomes.Count);
        var text = _archive.Reader.ReadText(_archive.Reader.Show(outcomes.Single(o => o.Path == odd).CaptureId!.Value)!.Capture);
        Assert.Contains("with \uFFFE inside and caf\u00E9.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_EmptyFile_IsRejectedAndNothingStored()
    {
        var empty = _archive.WriteInput("empty.txt", []);

        AssertRejected(empty, "empty file");
    }

    [Fact]
    public async Task Ingest_FolderWithANamedPipe_RejectsThePipeWithoutWaitingAndIngestsTheRest()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var good = _archive.WriteInput("with-pipe/a.txt", "A note beside a pipe.\n");
        var pipe = Path.Combine(Path.GetDirectoryName(good)!, "pipe.txt");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var outcomes = await Task.Run(() => _archive.Ingest(Path.GetDirectoryName(good)!)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(IngestStatus.Ingested, outcomes.Single(o => o.Path == good).Status);
        var rejected = outcomes.Single(o => o.Path == pipe);
        Assert.Equal(IngestStatus.Rejected, rejected.Status);
        Assert.Equal("empty file", rejected.Reason);
    }

    [Fact]
    public void Ingest_BinaryBytesNamedTxt_IsRejectedAndNothingStored()
    {
        // A PNG header: the NUL bytes give it away as binary.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00];
        var binary = _archive.WriteInput("picture.txt", png);

        AssertRejected(binary, "content does not match .txt: binary content");
    }

    [Fact]
    public void Ingest_InvalidUtf8_IsRejectedAndNothingStored()
    {
        var legacy = _archive.WriteInput("legacy.txt", Windows1256(ArabicReport));

        AssertRejected(legacy, "invalid UTF-8");
    }

    [Fact]
    public void Ingest_InvalidUtf8WithDeclaredEncoding_IsDecodedAndEncodingRecorded()
    {
        var legacy = _archive.WriteInput("legacy.txt", Windows1256(ArabicReport));
        File.WriteAllText(legacy + SidecarReader.Suffix, """{"encoding": "windows-1256"}""");

        var outcome = Assert.Single(_archive.Ingest(legacy));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal("encoding=windows-1256;nfc;lf", detail.ExtractorSettings);
        Assert.Equal(ArabicReport.Normalize(NormalizationForm.FormC), _archive.Reader.ReadText(detail.Capture));
        Assert.Equal(("ar", FieldOrigin.Detected), (detail.Fields["language"].Display, detail.Fields["language"].Origin));
        var extracted = detail.Events.Single(e => e.Type == EventType.TextExtracted);
        Assert.Equal("encoding=windows-1256;nfc;lf", JsonNode.Parse(extracted.Json)!["data"]!["extractor"]!["settings"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false, "utf-16le(bom)")]
    [InlineData(true, "utf-16be(bom)")]
    public void Ingest_Utf16WithByteOrderMark_DecodedByTheMarkRecordedAndMadeAgainTheSame(bool bigEndian, string label)
    {
        // What Windows editors save as "Unicode": a byte-order mark, then UTF-16 full of NUL bytes, with \r\n.
        var report = "Report \U0001F4C4 " + ArabicReport.Replace("\n", "\r\n", StringComparison.Ordinal);
        var path = _archive.WriteInput("unicode.txt", new UnicodeEncoding(bigEndian, byteOrderMark: true).GetPreamble().Concat(new UnicodeEncoding(bigEndian, false).GetBytes(report)).ToArray());

        var outcome = Assert.Single(_archive.Ingest(path));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal(CanonicalText.Canonicalize(report), _archive.Reader.ReadText(detail.Capture));
        Assert.Equal($"encoding={label};nfc;lf", detail.ExtractorSettings);
        Assert.Equal("ar", detail.Capture.Language);
        Assert.Equal(outcome.CaptureId, Assert.Single(_archive.Services.Searcher.Search(new SearchRequest("الحسكة"), CancellationToken.None).Hits).Id);
        var again = Assert.Single(_archive.Services.Reextractor.Reextract(new ReextractRequest([outcome.CaptureId!.Value.ToString()], "test-agent"), null, CancellationToken.None));
        Assert.Equal(ReextractStatus.Unchanged, again.Status);
    }

    [Theory]
    [InlineData("report.txt", 1)]
    [InlineData("report.txt", 40_000)]
    [InlineData("page.html", 1)]
    [InlineData("page.html", 40_000)]
    public void Ingest_OriginalBelowOrAboveTheSizeReadWhole_SameTextSettingsAndDigest(string name, int repeats)
    {
        // Up to 1 MiB an original is read once into memory; above, as a stream and from its staged copy: both give the same.
        var line = "Report \U0001F4C4 " + ArabicReport.Replace("\n", "\r\n", StringComparison.Ordinal);
        var body = string.Concat(Enumerable.Repeat(line, repeats));
        var content = name.EndsWith(".html", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes($"<html><head><title>Report</title></head><body><p>{body}</p></body></html>")
            : [.. new UnicodeEncoding(false, true).GetPreamble(), .. new UnicodeEncoding(false, false).GetBytes(body)];
        Assert.Equal(repeats > 1, content.Length > 1 << 20);
        var path = _archive.WriteInput(name, content);

        var outcome = Assert.Single(_archive.Ingest(path));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), outcome.CaptureId!.Value.ToString());
        var text = _archive.Reader.ReadText(detail.Capture);
        if (name.EndsWith(".html", StringComparison.Ordinal))
        {
            Assert.StartsWith("Report \U0001F4C4 تقرير عن الهجوم", text, StringComparison.Ordinal);
            Assert.Equal("Report", detail.Capture.Title);
            Assert.Equal("encoding=utf-8", detail.ExtractorSettings.Split(';')[0]);
        }
        else
        {
            Assert.Equal(CanonicalText.Canonicalize(body), text);
            Assert.Equal("encoding=utf-16le(bom);nfc;lf", detail.ExtractorSettings);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0x00, 0x00, 0x00, 0x62, 0x00 }, "content does not match .txt: binary content")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00 }, "invalid UTF-16LE at byte 4")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x61, 0x00, 0x00, 0xDC }, "invalid UTF-16LE at byte 4 (an unpaired surrogate)")]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x61, 0x00 }, "invalid UTF-16BE at byte 4 (an odd last byte)")]
    public void Ingest_Utf16ThatIsNotText_IsRejectedNamingWhy(byte[] bytes, string reason)
    {
        var path = _archive.WriteInput("not-unicode.txt", bytes);

        AssertRejected(path, reason);
    }

    [Theory]
    [InlineData(false, "utf-16", null)]
    [InlineData(true, "utf-16BE", null)]
    [InlineData(true, "utf-16", "the sidecar declares \"utf-16\", but the file starts with the byte-order mark of UTF-16BE")]
    [InlineData(false, "windows-1256", "the sidecar declares \"windows-1256\", but the file starts with the byte-order mark of UTF-16LE")]
    public void Ingest_Utf16WithMarkAndDeclaredEncoding_TheMarkIsSkippedOrTheContradictionRefused(bool bigEndian, string declared, string? refusal)
    {
        var path = _archive.WriteInput("declared.txt", new UnicodeEncoding(bigEndian, byteOrderMark: true).GetPreamble().Concat(new UnicodeEncoding(bigEndian, false).GetBytes(ArabicReport)).ToArray());
        File.WriteAllText(path + SidecarReader.Suffix, $"{{\"encoding\": \"{declared}\"}}");

        if (refusal is not null)
        {
            AssertRejected(path, refusal);
            return;
        }

        var outcome = Assert.Single(_archive.Ingest(path));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal(CanonicalText.Canonicalize(ArabicReport), _archive.Reader.ReadText(detail.Capture));
        Assert.Equal($"encoding={declared};nfc;lf", detail.ExtractorSettings);
    }

    [Theory]
    [InlineData("{\n  \"title\": \"A\",\n  \"publisher\" \"B\"\n}\n", 3, 15)]
    [InlineData("{\n  \"title\": \"A\",\n}\n", 3, 1)]
    [InlineData("{\"title\": \"A\"", 1, 14)]
    [InlineData("{\n  \"title\": \"سجن الصناعة\" \"publisher\": \"B\"\n}\n", 2, 26)]
    public void Ingest_MalformedSidecar_RejectionNamesFileLineAndColumn(string sidecar, int line, int column)
    {
        var file = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        File.WriteAllText(file + SidecarReader.Suffix, sidecar, new UTF8Encoding(false));

        var reason = AssertRejected(file, $"{file}{SidecarReader.Suffix}:{line}:{column}: malformed JSON: ");

        // Only one position, the right one: System.Text.Json's zero-based byte positions would contradict it.
        Assert.DoesNotContain("LineNumber", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_BlankSidecarAndCommandLineValues_StateNothingSoTheDocumentsOwnStand()
    {
        var file = _archive.WriteInput("report.txt", "Hasakah prison riot\n\nThe attack began at night.\n");
        File.WriteAllText(file + SidecarReader.Suffix, """{"title": "", "published": " ", "notes": "", "publisher": "Daljoog"}""");

        var outcome = Assert.Single(_archive.Ingest([file], MetadataInput.Fields([new("authors", " "), new("tags", "")], FieldOrigin.Cli, "--meta "), null));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("Hasakah prison riot", outcome.Title);
        Assert.Equal("daljoog-hasakah-prison-riot", outcome.Slug);
        var fields = _archive.Reader.Show(outcome.CaptureId!.Value)!.Fields;
        Assert.Empty(fields.Keys.Intersect(["published", "notes", "authors", "tags"]));
        Assert.Equal("derived", fields["title"].Origin); // from the first line, not the sidecar
    }

    [Fact]
    public void Ingest_FolderWithHiddenEntriesAndLinks_SkipsEachNamingWhyAndTakesTheRest()
    {
        var folder = Path.Combine(_archive.Inputs, "batch");
        var kept = _archive.WriteInput("batch/sub/kept.txt", "The report kept.\n");
        _archive.WriteInput("batch/.notes.txt", "A hidden file.\n");
        _archive.WriteInput("batch/.git/config", "[core]\n");
        var outside = _archive.WriteInput("elsewhere/outside.txt", "Outside the folder.\n");
        File.CreateSymbolicLink(Path.Combine(folder, "link.txt"), outside);
        Directory.CreateSymbolicLink(Path.Combine(folder, "loop"), folder);

        var outcomes = _archive.Ingest(folder);

        Assert.Equal(kept, Assert.Single(outcomes, o => o.Status == IngestStatus.Ingested).Path);
        var skipped = outcomes.Where(o => o.Status == IngestStatus.Skipped).ToList();
        Assert.Equal(
            [Path.Join(folder, ".git"), Path.Join(folder, ".notes.txt"), Path.Join(folder, "link.txt"), Path.Join(folder, "loop")],
            skipped.Select(o => o.Path));
        Assert.StartsWith("a hidden folder", skipped[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("a hidden file", skipped[1].Reason, StringComparison.Ordinal);
        Assert.StartsWith($"a symbolic link to {outside}, not followed", skipped[2].Reason, StringComparison.Ordinal);
        Assert.EndsWith("name the folder it points to", skipped[3].Reason, StringComparison.Ordinal);
        Assert.Equal(1, _archive.Reader.Count());

        // Named on its own, a hidden file or a link is taken.
        Assert.All(_archive.Ingest(Path.Join(folder, ".notes.txt"), Path.Join(folder, "link.txt")), o => Assert.Equal(IngestStatus.Ingested, o.Status));
    }

    [Fact]
    public void Ingest_OddFilesInABatch_EachIsRejectedOrReadAloneAndTheRestIngested()
    {
        var good = _archive.WriteInput("batch/good.txt", "A report on the prison attack.\n");
        var twice = _archive.WriteInput("batch/twice.html", """<html><head><script type="application/ld+json">{"headline":"a","headline":"b"}</script><title>Twice</title></head><body><p>Body of the page.</p></body></html>""");
        var lone = _archive.WriteInput("batch/lone.html", """<html><head><script type="application/ld+json">{"headline":"a\ud800b","author":{"name":"\udc00"}}</script><title>Lone</title></head><body><p>Another page.</p></body></html>""");
        var sidecar = _archive.WriteInput("batch/sidecar.txt", "A statement.\n");
        File.WriteAllText(sidecar + SidecarReader.Suffix, """{"publisher": "Daljoog", "title": "a\ud800b"}""");
        var utf7 = _archive.WriteInput("batch/utf7.txt", "A+ZeVnLIqe-\n");
        File.WriteAllText(utf7 + SidecarReader.Suffix, """{"encoding": "utf-7"}""");

        var outcomes = _archive.Ingest(Path.GetDirectoryName(good)!).ToDictionary(o => o.Path);

        Assert.Equal(IngestStatus.Ingested, outcomes[good].Status);
        Assert.Equal((IngestStatus.Ingested, "Twice"), (outcomes[twice].Status, outcomes[twice].Title));
        Assert.Equal((IngestStatus.Ingested, "Lone"), (outcomes[lone].Status, outcomes[lone].Title));
        Assert.Equal(IngestStatus.Rejected, outcomes[sidecar].Status);
        Assert.Equal($"{sidecar}{SidecarReader.Suffix}:1:26: a name or value holds a \\u escape of a lone surrogate (\\ud800 to \\udfff without its pair), which is not text", outcomes[sidecar].Reason);
        Assert.Equal(IngestStatus.Rejected, outcomes[utf7].Status);
        Assert.StartsWith("the encoding \"utf-7\" declared in the sidecar is not supported here", outcomes[utf7].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_FolderHoldingTheArchive_SkipsTheArchivesOwnFilesButNotSourcesKeptInIt()
    {
        var root = _archive.Services.Layout.Root;
        var source = Path.Combine(root, "sources", "kept.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllText(source, "A source kept under the archive root.\n");
        File.WriteAllText(_archive.Services.Layout.AliasesPath, "Hasakah, al-Hasakah\n");

        var outcomes = _archive.Ingest(Path.GetDirectoryName(root)!);

        Assert.Equal(source, Path.GetFullPath(Assert.Single(outcomes, o => o.Status == IngestStatus.Ingested).Path));
        Assert.Contains(outcomes, o => o.Status == IngestStatus.Skipped && Path.GetFullPath(o.Path) == Path.GetFullPath(_archive.Services.Layout.AliasesPath) && o.Reason == "part of the archive itself, not a source");
        Assert.Contains(outcomes, o => o.Status == IngestStatus.Skipped && Path.GetFullPath(o.Path) == Path.GetFullPath(_archive.Services.Layout.BlobsPath));
        Assert.DoesNotContain(outcomes, o => o.Status == IngestStatus.Rejected);
    }

    [Fact]
    public void Ingest_SidecarWithByteOrderMark_IsRead()
    {
        var file = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        File.WriteAllText(file + SidecarReader.Suffix, "{\"title\": \"Saved by Notepad\"}", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var outcome = Assert.Single(_archive.Ingest(file));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("Saved by Notepad", outcome.Title);
    }

    [Theory]
    [InlineData("slug", "../../etc")]
    [InlineData("slug", "/etc")]
    [InlineData("source_url", "/etc/passwd")]
    [InlineData("source_url", "file:///etc/passwd")]
    [InlineData("source_url", "../../../etc/passwd")]
    public void Ingest_PathInSidecarMetadata_IsRejectedAndNothingWrittenOutsideArchive(string field, string value)
    {
        var file = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        File.WriteAllText(file + SidecarReader.Suffix, $$"""{"{{field}}": "{{value}}"}""");
        var before = FilesOutsideArchive();

        AssertRejected(file, $"{file}{SidecarReader.Suffix}:1:2: {field}: ");
        Assert.Equal(before, FilesOutsideArchive());
    }

    [Fact]
    public void Ingest_TitleHoldingTheNoncharacterFFFE_IsIngestedWithAPlainSlug()
    {
        // Valid UTF-8 (EF BF BE) the system's normalizer refuses; in a title it used to stop the whole batch.
        var file = _archive.WriteInput("odd.txt", "Hasakah \uFFFE prison cafe\u0301 riot\n\nThe attack began at night.\n");

        var outcome = Assert.Single(_archive.Ingest(file));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("hasakah-prison-cafe-riot", outcome.Slug);
        Assert.Equal("Hasakah \uFFFE prison caf\u00E9 riot\n\nThe attack began at night.\n", _archive.Reader.ReadText(_archive.Reader.Show(outcome.CaptureId!.Value)!.Capture));
    }

    [Fact]
    public void Ingest_PathLikeTitle_SlugHasNoPathCharacters()
    {
        var file = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        File.WriteAllText(file + SidecarReader.Suffix, """{"title": "../../../etc/passwd", "publisher": "~/.ssh/id_rsa"}""");
        var before = FilesOutsideArchive();

        var outcome = Assert.Single(_archive.Ingest(file));

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", outcome.Slug);
        Assert.Equal(before, FilesOutsideArchive());
    }

    [Fact]
    public void Ingest_ArabicTitlesOfOnePublisherAndDay_NumbersSlugsFromTheLowestFreeAcrossIngests()
    {
        // Arabic titles add no words to a slug: every source is "al-riyadh-2015-07-21", numbered from -2. In the second
        // ingest a slug given by hand takes -4 and a title "5" makes the slug -5 by itself; the numbers go on around
        // both, in one transaction and across them.
        string Source(int i, string title = "تقرير عن السجن", string? slug = null)
        {
            var file = _archive.WriteInput($"ar-{i}.txt", $"تقرير رقم {i} عن الهجوم على السجن.\n");
            File.WriteAllText(file + SidecarReader.Suffix, $$"""{"title": "{{title}}", "publisher": "Al Riyadh", "published": "2015-07-21"{{(slug is null ? "" : $", \"slug\": \"{slug}\"")}}}""");
            return file;
        }

        var first = _archive.Ingest(Source(1), Source(2));
        var second = _archive.Ingest([Source(3), Source(4, slug: "al-riyadh-2015-07-21-4"), Source(5, title: "تقرير 5"), Source(6), Source(7)], null, null);

        Assert.All(first.Concat(second), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        Assert.Equal(
            ["al-riyadh-2015-07-21", "al-riyadh-2015-07-21-2", "al-riyadh-2015-07-21-3", "al-riyadh-2015-07-21-4", "al-riyadh-2015-07-21-5", "al-riyadh-2015-07-21-6", "al-riyadh-2015-07-21-7"],
            first.Concat(second).Select(o => o.Slug).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a-2015", "a-2015", 1)]
    [InlineData("a-2015", "a-2015-2", 2)]
    [InlineData("a-2015", "a-2015-123456789", 123456789)]
    [InlineData("a-2015", "a-2015-1", null)]
    [InlineData("a-2015", "a-2015-02", null)]
    [InlineData("a-2015", "a-2015-0", null)]
    [InlineData("a-2015", "a-2015-1234567890", null)]
    [InlineData("a-2015", "a-2015-2x", null)]
    [InlineData("a-2015", "a-2015-title", null)]
    [InlineData("a-2015", "a-2015-", null)]
    [InlineData("a-2015", "a-20151", null)]
    [InlineData("a-2015", "a-201", null)]
    [InlineData("a-2015", "b", null)]
    public void SlugNumber_TellsTheCandidatesNumberedSlugsFromOthers(string candidate, string slug, int? expected) =>
        Assert.Equal(expected, CatalogWriter.SlugNumber(candidate, slug));

    [Fact]
    public void Ingest_UnknownSidecarField_IsRejectedNamingTheField()
    {
        var file = _archive.WriteInput("report.txt", "A report on the prison attack.\n");
        File.WriteAllText(file + SidecarReader.Suffix, "{\n  \"title\": \"A\",\n  \"titel\": \"B\"\n}\n");

        AssertRejected(file, $"{file}{SidecarReader.Suffix}:3:3: unknown field \"titel\"");
    }

    [Fact]
    public void Ingest_FileDeletedMidBatch_RejectsThatFileAndArchivesTheOthers()
    {
        var files = Enumerable.Range(0, 5).Select(i => _archive.WriteInput($"batch/doc{i}.txt", $"Document number {i} of the batch.\n")).ToList();
        var victim = files[3];

        // Progress is reported after each file, in order, so deleting here happens after enumeration and before doc3 is read.
        var outcomes = _archive.Ingest([Path.Combine(_archive.Inputs, "batch")], null, new SyncProgress(p =>
        {
            if (p.Done == 1)
            {
                File.Delete(victim);
            }
        }));

        Assert.Equal(5, outcomes.Count);
        var rejected = Assert.Single(outcomes, o => o.Status == IngestStatus.Rejected);
        Assert.Equal((victim, "file disappeared before it could be read"), (rejected.Path, rejected.Reason));
        Assert.Equal(files.Where(f => f != victim).Order(StringComparer.Ordinal), outcomes.Where(o => o.Status == IngestStatus.Ingested).Select(o => o.Path).Order(StringComparer.Ordinal));
        Assert.Equal(4, _archive.Reader.Count());
    }

    [Fact]
    public void Ingest_CancelledWhileTheNextChunkIsPrepared_LeavesNoStagedFileAndNothingHalfCommitted()
    {
        // Chunks grow 1, 2, 4 … 64 files; at the 70th file, files 63–126 are being committed and 127–190 read
        // ahead. The ingest is cancelled once the chunk read ahead has staged all its files (beside those of files
        // 0–126 not yet committed), so that what it staged is left for the ingest to delete.
        for (var i = 0; i < 200; i++)
        {
            _archive.WriteInput($"many/doc{i:000}.txt", $"Document number {i} of a long batch.\n");
        }

        int Staged() => Directory.EnumerateFiles(_archive.Services.Store.TempRoot, "*", SearchOption.AllDirectories).Count();
        using var cancel = new CancellationTokenSource();
        var aheadStaged = false;
        var progress = new SyncProgress(p =>
        {
            if (p.Done == 70)
            {
                aheadStaged = SpinWait.SpinUntil(() => Staged() >= 127 - _archive.Reader.Count() + 64, TimeSpan.FromSeconds(30));
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => _archive.Services.Ingestor.Ingest(
            new IngestRequest([Path.Combine(_archive.Inputs, "many")], new Dictionary<string, FieldValue>(), "test"), progress, cancel.Token));

        Assert.True(aheadStaged);
        Assert.Equal(0, Staged());
        var committed = _archive.Reader.Count();
        Assert.Equal(committed, _archive.StoredFiles().Count);
        Assert.Equal(IngestStatus.Ingested, Assert.Single(_archive.Ingest(Path.Combine(_archive.Inputs, "many", "doc150.txt"))).Status);
    }

    [Fact]
    public void Ingest_MissingFileInPathList_RejectsItAndArchivesTheOthers()
    {
        var present = _archive.WriteInput("present.txt", "Still here.\n");
        var missing = Path.Combine(_archive.Inputs, "gone.txt");

        var outcomes = _archive.Ingest(present, missing);

        Assert.Equal(IngestStatus.Ingested, Assert.Single(outcomes, o => o.Path == present).Status);
        var rejected = Assert.Single(outcomes, o => o.Path == missing);
        Assert.Equal((IngestStatus.Rejected, "no such file or directory"), (rejected.Status, rejected.Reason));
    }

    [Fact]
    public void Ingest_CommittedCallback_ReportsEachDocumentOnlyOnceOthersCanSeeIt()
    {
        var first = _archive.WriteInput("one.txt", "First document.\n");
        var paths = new[] { first, _archive.WriteInput("two.txt", "Second document.\n"), _archive.WriteInput("empty.txt", []), _archive.WriteInput("again/one.txt", File.ReadAllBytes(first)) };
        var acknowledged = new List<string>();

        var outcomes = _archive.Services.Ingestor.Ingest(
            new IngestRequest(paths, new Dictionary<string, FieldValue>(), "test-agent"),
            null,
            outcome =>
            {
                // Another connection already sees the capture: the callback comes after the commit, not before.
                using var other = _archive.OpenRaw();
                Assert.True(CatalogQueries.CaptureExists(other, outcome.CaptureId!.Value.Value), outcome.Path);
                acknowledged.Add(outcome.Path);
            },
            CancellationToken.None);

        Assert.Equal(outcomes.Where(o => o.Status != IngestStatus.Rejected).Select(o => o.Path), acknowledged);
        Assert.Equal(3, acknowledged.Count);
    }

    private string AssertRejected(string path, string reasonStart)
    {
        var outcome = Assert.Single(_archive.Ingest(path));

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.NotNull(outcome.Reason);
        Assert.True(outcome.Reason.StartsWith(reasonStart, StringComparison.Ordinal), $"reason: {outcome.Reason}");
        Assert.DoesNotContain('\n', outcome.Reason);
        Assert.Null(outcome.CaptureId);
        Assert.Equal(0, _archive.Reader.Count());
        Assert.Empty(_archive.StoredFiles());
        Assert.Empty(_archive.Services.LogService.Events());
        return outcome.Reason;
    }

    private SortedSet<string> FilesOutsideArchive()
    {
        // Everything in the test's temp folder apart from the archive, plus the places the bad values point at.
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFileSystemEntries(_archive.Workspace, "*", SearchOption.AllDirectories))
        {
            if (!file.StartsWith(_archive.Layout.Root, StringComparison.Ordinal))
            {
                files.Add($"{file} {new FileInfo(file).LastWriteTimeUtc.Ticks}");
            }
        }

        foreach (var outside in new[] { "/etc/passwd", Path.Combine(Path.GetTempPath(), "etc") })
        {
            files.Add($"{outside} {(File.Exists(outside) ? new FileInfo(outside).LastWriteTimeUtc.Ticks : -1)}");
        }

        return files;
    }

    private static byte[] Windows1256(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("windows-1256").GetBytes(text);
    }

    /// <summary>Reports synchronously on the ingesting thread, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class SyncProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
