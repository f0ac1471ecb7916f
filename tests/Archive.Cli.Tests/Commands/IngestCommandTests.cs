using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Provenance;

namespace Archive.Cli.Tests.Commands;

public sealed class IngestCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public async Task Ingest_CtrlCMidBatch_ExitsCancelledKeepingWhatItAcknowledgedAndLeavingNothingForVerify()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Enough that the batch is still going when the signal lands, even on a loaded machine (6,000 once finished first).
        const int Files = 20_000;
        for (var i = 0; i < Files; i++)
        {
            _archive.WriteInput($"batch/note{i:D5}.txt", $"Note {i}\n\nA body only note {i} has: word{i}x.\n");
        }

        using var ingest = _archive.StartInterruptible("ingest", Path.Combine(_archive.Inputs, "batch"));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stderr = ingest.StandardError.ReadToEndAsync(limit.Token);
        var acknowledged = new List<string>();

        // The first line is read and the signal sent on a thread of their own: an await here waited for the thread
        // pool, which the assembly's other tests (blocked on their own processes) can hold for seconds, long enough
        // for the whole batch to finish first.
        var first = await Task.Factory.StartNew(
            () =>
            {
                var line = ingest.StandardOutput.ReadLine();
                if (line is not null)
                {
                    using var interrupt = TempArchive.StartProcess("kill", ["-INT", ingest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    interrupt.WaitForExit();
                }

                return line;
            },
            limit.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (first is null)
        {
            Assert.Fail("ingest printed nothing: " + await stderr);
        }

        acknowledged.Add(first);

        while (await ingest.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            acknowledged.Add(line);
        }

        Assert.True(ingest.WaitForExit(TimeSpan.FromMinutes(1)), "ingest did not stop after SIGINT");
        var error = await stderr;
        Assert.True(ingest.ExitCode == 130, $"exit {ingest.ExitCode}\n{error}");
        Assert.Contains("cancelled", error, StringComparison.Ordinal);
        var ingested = acknowledged.Count(line => line.StartsWith("ingested", StringComparison.Ordinal));
        Assert.InRange(ingested, 1, Files - 1);

        // Every document it acknowledged is in the catalog, nothing else is, and no staged or stored file is left
        // over for verify to report.
        var listed = _archive.RunJson("list", "--limit", "1")["total"]!.GetValue<int>();
        Assert.Equal(ingested, listed);
        var verify = _archive.Run("verify", "--no-record");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Ingest_SampleSources_RecordsSidecarMetadataWithOriginsAndSlugs()
    {
        var result = _archive.Run("ingest", TempArchive.SampleSources);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("5 ingested, 0 duplicate, 0 rejected\n", result.Out, StringComparison.Ordinal);
        var captures = _archive.RunJson("list")["items"]!.AsArray();
        Assert.Equal(5, captures.Count);
        var slugs = captures.Select(c => c!["slug"]!.GetValue<string>()).ToList();
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
        Assert.All(slugs, slug => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", slug));

        var sidecars = Directory.GetFiles(TempArchive.SampleSources, "*.meta.json");
        Assert.Equal(5, sidecars.Length);
        foreach (var sidecarPath in sidecars)
        {
            var originalName = Path.GetFileName(sidecarPath)[..^".meta.json".Length];
            var capture = captures.Single(c => c!["original_name"]!.GetValue<string>() == originalName)!;
            var show = _archive.RunJson("show", capture["slug"]!.GetValue<string>());
            Assert.Equal(capture["id"]!.GetValue<string>(), show["capture"]!["id"]!.GetValue<string>());
            Assert.Equal(Sha256(File.ReadAllBytes(Path.Combine(TempArchive.SampleSources, originalName))), capture["id"]!.GetValue<string>());
            var fields = show["fields"]!;
            foreach (var (name, value) in JsonNode.Parse(File.ReadAllText(sidecarPath))!.AsObject())
            {
                Assert.True(JsonNode.DeepEquals(value, fields[name]?["value"]), $"{originalName} {name}: {fields[name]?["value"]}");
                Assert.Equal("sidecar:" + Path.GetFileName(sidecarPath), fields[name]!["origin"]!.GetValue<string>());
            }

            Assert.Equal([EventType.Ingested, EventType.TextExtracted], show["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        }

        var again = _archive.Run("ingest", TempArchive.SampleSources);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(5, again.Out.Split('\n').Count(line => line.StartsWith("duplicate ", StringComparison.Ordinal)));
        Assert.EndsWith("0 ingested, 5 duplicate, 0 rejected\n", again.Out, StringComparison.Ordinal);
        Assert.Equal(5, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Fact]
    public void Ingest_SomeRejected_ExitsSomeRejectedAndArchivesTheRest()
    {
        var good = _archive.WriteInput("good.txt", "A report on the prison attack.\n");
        var empty = _archive.WriteInput("empty.txt", string.Empty);

        var result = _archive.Run("ingest", good, empty);

        Assert.Equal(ExitCodes.SomeRejected, result.ExitCode);
        Assert.Equal($"rejected   {empty}: empty file", Assert.Single(result.ErrLines));
        Assert.Equal(1, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Fact]
    public void IngestAndShow_FileNameWithALineBreak_PrintedOnOneLineWithItsEscape()
    {
        // A name that would print a forged line of its own under `show`'s real ingest line.
        var name = "real.txt\n  ingested   2020-01-01T00:00:00Z by chief-editor\u202E.txt";
        var file = _archive.WriteInput("odd/" + name, "Odd name\n\nA note filed under an odd name.\n");

        var ingest = _archive.Run("ingest", file);
        var id = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
        var show = _archive.Run("show", id[7..19]);
        var json = _archive.RunJson("show", id[7..19]);

        Assert.Equal(0, ingest.ExitCode);
        Assert.Single(ingest.Out.Split('\n'), line => line.StartsWith("ingested ", StringComparison.Ordinal));
        Assert.Contains("real.txt\\n  ingested   2020-01-01T00:00:00Z by chief-editor\\u202E.txt", ingest.Out, StringComparison.Ordinal);
        Assert.Single(show.Out.Split('\n'), line => line.TrimStart().StartsWith("ingested ", StringComparison.Ordinal));
        Assert.Contains("  original   real.txt\\n  ingested ", show.Out, StringComparison.Ordinal);
        Assert.Equal(name, json["capture"]!["original_name"]!.GetValue<string>());
    }

    [Fact]
    public void Ingest_FolderWithAHiddenFile_SaysItWasSkippedAndStillExitsOk()
    {
        var good = _archive.WriteInput("skips/good.txt", "A report on the prison attack.\n");
        var hidden = _archive.WriteInput("skips/.draft.txt", "An unfinished note.\n");

        var result = _archive.Run("ingest", Path.GetDirectoryName(good)!);
        var json = _archive.RunJson("ingest", "--json", Path.GetDirectoryName(good)!);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal($"skipped    {hidden}: a hidden file (its name starts with '.'); name it to ingest it", Assert.Single(result.ErrLines));
        Assert.EndsWith("1 ingested, 0 duplicate, 0 rejected, 1 skipped\n", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, json["summary"]!["skipped"]!.GetValue<int>());
        Assert.Equal("skipped", json["results"]!.AsArray().Single(r => r!["path"]!.GetValue<string>() == hidden)!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Ingest_FileNameNotUtf8_IsRejectedSayingSoNotThatItDisappeared()
    {
        var folder = Path.GetDirectoryName(_archive.WriteInput("names/good.txt", "A report on the prison attack.\n"))!;
        var made = TempArchive.Finish(TempArchive.StartProcess("sh", ["-c", $"cd '{folder}' && printf 'a statement' > \"$(printf 'caf\\351.txt')\""]));
        Assert.True(made.ExitCode == 0, made.ToString());

        var result = _archive.Run("ingest", folder);

        Assert.Equal(ExitCodes.SomeRejected, result.ExitCode);
        Assert.Contains("its name is not valid UTF-8, so it cannot be opened by name here", Assert.Single(result.ErrLines), StringComparison.Ordinal);
        Assert.Equal(1, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Fact]
    public void Ingest_SubfolderNameNotUtf8_IsRejectedSayingSoAndTheRestIngested()
    {
        var folder = Path.GetDirectoryName(_archive.WriteInput("folders/good.txt", "A report on the prison attack.\n"))!;
        var made = TempArchive.Finish(TempArchive.StartProcess("sh", ["-c", $"cd '{folder}' && mkdir \"$(printf 'caf\\351')\" && printf 'a statement' > \"$(printf 'caf\\351')/inner.txt\""]));
        Assert.True(made.ExitCode == 0, made.ToString());

        var result = _archive.Run("ingest", folder);

        Assert.Equal(ExitCodes.SomeRejected, result.ExitCode);
        Assert.Contains("its name is not valid UTF-8, so it cannot be opened by name here", Assert.Single(result.ErrLines), StringComparison.Ordinal);
        Assert.Equal(1, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Fact]
    public void Ingest_SidecarSlugReadingAsHexId_RejectsThatFileWithTheReason()
    {
        var file = _archive.WriteInput("shadow.txt", "A report that would shadow a capture id.\n");
        _archive.WriteInput("shadow.txt.meta.json", "{\"slug\": \"ce9b4d43505e\"}");

        var result = _archive.Run("ingest", file);

        Assert.Equal(ExitCodes.SomeRejected, result.ExitCode);
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith($"rejected   {file}: ", line, StringComparison.Ordinal);
        Assert.Contains("hex", line, StringComparison.Ordinal);
        Assert.Equal(0, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("slug=../../etc")]
    [InlineData("slug=/etc")]
    [InlineData("source_url=/etc/passwd")]
    [InlineData("source_url=file:///etc/passwd")]
    [InlineData("slug=ce9b4d43505e")]
    [InlineData("slug=deadbeef")]
    public void Ingest_PathInMetaOption_ExitsUsageWithOneLineAndStoresNothing(string meta)
    {
        var file = _archive.WriteInput("report.txt", "A report on the prison attack.\n");

        var result = _archive.Run("ingest", file, "--meta", meta);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"archive: --meta {meta.Split('=')[0]}: ", Assert.Single(result.ErrLines), StringComparison.Ordinal);
        Assert.Equal(0, _archive.RunJson("list")["total"]!.GetValue<int>());
        Assert.Empty(Directory.GetFiles(_archive.Layout.BlobsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Ingest_ReadOnlyArchive_ExitsNotWritableAndChangesNothing()
    {
        var first = _archive.WriteInput("first.txt", "Archived before the archive became read-only.\n");
        Assert.Equal(0, _archive.Run("ingest", first).ExitCode);
        var second = _archive.WriteInput("second.txt", "Offered to the read-only archive.\n");
        var before = _archive.Snapshot();

        var result = _archive.RunReadOnly("ingest", second);

        Assert.True(result.ExitCode == ExitCodes.NotWritable, result.ToString());
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith("archive: ", line, StringComparison.Ordinal);
        Assert.Contains(_archive.Root, line, StringComparison.Ordinal);
        Assert.Equal(before, _archive.Snapshot());
        Assert.Equal(1, _archive.RunJson("list")["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ingest_TwoProcessesAtOnce_NoCaptureLostOrDuplicated(bool sameFolder)
    {
        // Same folder: 200 files, each offered by both processes. Otherwise 200 files each, of which 100 have the same
        // bytes at different paths (overlapping) and 100 are each process's own (disjoint).
        var folderA = Path.Combine(_archive.Inputs, "a");
        var folderB = sameFolder ? folderA : Path.Combine(_archive.Inputs, "b");
        for (var i = 0; i < 200; i++)
        {
            _archive.WriteInput($"a/doc{i:D3}.txt", Document(i));
        }

        for (var i = 100; i < (sameFolder ? 0 : 300); i++)
        {
            _archive.WriteInput($"b/doc{i:D3}.txt", Document(i));
        }

        var distinct = sameFolder ? 200 : 300;
        var duplicates = sameFolder ? 200 : 100;

        using var first = _archive.Start("ingest", folderA, "--json");
        using var second = _archive.Start("ingest", folderB, "--json");
        var overlapped = !first.HasExited;
        var results = new[] { TempArchive.Finish(first), TempArchive.Finish(second) };

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.True(overlapped, "the first process ended before the second started");
        var summaries = results.Select(r => JsonNode.Parse(r.Out)!["summary"]!).ToList();
        Assert.Equal(distinct, summaries.Sum(s => s["ingested"]!.GetValue<int>()));
        Assert.Equal(duplicates, summaries.Sum(s => s["duplicate"]!.GetValue<int>()));

        var expectedIds = Enumerable.Range(0, distinct).Select(i => Sha256(Encoding.UTF8.GetBytes(Document(i)))).Order(StringComparer.Ordinal);
        using (var archive = _archive.Open())
        {
            var captures = archive.Catalog.List();
            Assert.Equal(expectedIds, captures.Select(c => c.Id.Value).Order(StringComparer.Ordinal));
            var events = archive.LogService.Events();
            var ingested = events.Where(e => e.Type == EventType.Ingested).Select(e => e.CaptureId?.Value).ToList();
            Assert.Equal(expectedIds, ingested.Order(StringComparer.Ordinal));
            Assert.Equal(duplicates, events.Count(e => e.Type == EventType.DuplicateSupplied));
            Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.Index));
        }

        var verify = _archive.RunJson("verify");
        Assert.True(verify["ok"]!.GetValue<bool>(), verify.ToJsonString());
        Assert.Equal(distinct * 2, verify["ok_items"]!.GetValue<int>());
    }

    private static string Document(int i) => $"Generated document {i:D3}\nThe body of document {i:D3}, with its own words: {i * 7919 % 10007}.\n";

    private static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Ingest_ScannedPdfWithOcrNever_SaysNoTextAndListAndShowFlagIt()
    {
        var scan = new FileInfo(TestScans.Render(_archive.Inputs, "scan", "The committee met in Baghdad", 100, "pgm"));
        var pdf = Path.Combine(_archive.Inputs, "scan.pdf");
        File.WriteAllBytes(pdf, TestScans.Pdf([scan], 100));

        var result = _archive.Run("ingest", "--ocr", "never", pdf);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"note       {pdf}: no text: the PDF has no text layer and OCR is off (--ocr never)", result.Err, StringComparison.Ordinal);
        Assert.Contains("[no text] ", _archive.Run("list").Out, StringComparison.Ordinal);
        var shortId = result.Out.Split('\n').Single(l => l.StartsWith("ingested", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Contains("(no text: nothing was extracted or OCRed)", _archive.Run("show", shortId).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_PngWithOcrLang_TextIsTheWordsOnTheImage()
    {
        var png = TestScans.Render(_archive.Inputs, "letter", "The committee met in Baghdad", 150, "png");

        var ingested = _archive.RunJson("ingest", "--ocr-lang", "eng", png)["results"]![0]!;

        Assert.Equal("image/png", ingested["media_type"]!.GetValue<string>());
        var text = _archive.Run("text", ingested["capture_id"]!.GetValue<string>());
        Assert.Equal("The committee met in Baghdad\n", text.Out);
    }


    [Fact]
    public void Ingest_MalformedOcrLang_RefusedBeforeAnyFile()
    {
        var note = _archive.WriteInput("note.txt", "A note.\n");

        var result = _archive.Run("ingest", "--ocr-lang", "ara;rm", note);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("OCR languages 'ara;rm' are not Tesseract names joined by '+', like ara+eng", result.Err, StringComparison.Ordinal);
        Assert.Empty(_archive.RunJson("list")["items"]!.AsArray());
    }

}
