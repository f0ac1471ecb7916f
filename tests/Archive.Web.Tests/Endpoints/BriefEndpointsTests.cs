using Archive.Web.Hosting;
using Archive.Core;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Archive.Core.Briefings;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Archive.Web.Tests.Endpoints;

public sealed class BriefEndpointsTests : IClassFixture<TestArchive>, IDisposable
{
    private static readonly string[] Roles = ["reader", "author", "archivist", "auditor", "admin"];
    private static readonly string[] BriefRoles = ["author", "archivist", "admin"];

    private readonly TestArchive _archive;
    private readonly ArchiveWebFactory _factory;

    public BriefEndpointsTests(TestArchive archive)
    {
        _archive = archive;
        _factory = new ArchiveWebFactory(archive);
    }

    public void Dispose() => _factory.Dispose();

    public static TheoryData<string, string?> RoleCases()
    {
        var data = new TheoryData<string, string?>();
        foreach (var path in new[] { "/api/briefs/check", "/api/briefs" })
        {
            data.Add(path, null);
            foreach (var role in Roles)
            {
                data.Add(path, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoleCases))]
    public async Task Post_Role_OnlyAuthorsAndAboveMayCheckOrBuild(string path, string? role)
    {
        // An ambiguous citation: allowed roles get the report (check) or 422 (build) without rendering anything.
        var response = await _factory.ClientFor(role).PostAsync(path, Briefs.Markdown(Briefs.Ambiguous(_archive)));
        if (role is null)
        {
            await Problems.AssertProblem(response, HttpStatusCode.Unauthorized);
        }
        else if (BriefRoles.Contains(role))
        {
            Assert.Equal(path.EndsWith("check", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity, response.StatusCode);
        }
        else
        {
            await Problems.AssertProblem(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task OpenApi_ListsBriefAndPackPaths()
    {
        var paths = (await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/briefs", "/api/briefs/check", "/api/packs", "/api/packs/{id}/manifest" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task Check_ValidBrief_ReportsExactCitation()
    {
        var report = await Check(Briefs.Valid(_archive));
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Equal(0, report.GetProperty("problems").GetArrayLength());
        var citation = Assert.Single(report.GetProperty("citations").EnumerateArray());
        var (start, end) = _archive.Offsets(TestArchive.Phrase);
        Assert.Equal(1, citation.GetProperty("n").GetInt32());
        Assert.Equal(_archive.ReportId.Short, citation.GetProperty("id").GetString());
        Assert.Equal(_archive.ReportId.Value, citation.GetProperty("capture").GetString());
        Assert.Equal(8, citation.GetProperty("line").GetInt32());
        Assert.Equal(17, citation.GetProperty("column").GetInt32());
        Assert.Equal("exact", citation.GetProperty("status").GetString());
        Assert.Equal(TestArchive.Phrase, citation.GetProperty("exact").GetString());
        Assert.Equal(start, citation.GetProperty("start").GetInt32());
        Assert.Equal(end, citation.GetProperty("end").GetInt32());
        Assert.StartsWith("sha256:", citation.GetProperty("text_sha256").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AmbiguousQuote_ListsBothOccurrencesAtLineAndColumn()
    {
        var report = await Check(Briefs.Ambiguous(_archive));
        Assert.False(report.GetProperty("ok").GetBoolean());
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal("brief.md", problem.GetProperty("file").GetString());
        Assert.Equal(8, problem.GetProperty("line").GetInt32());
        Assert.Equal(11, problem.GetProperty("column").GetInt32());
        Assert.Equal("ambiguous", problem.GetProperty("status").GetString());
        var occurrences = problem.GetProperty("occurrences").EnumerateArray().ToList();
        Assert.Equal(2, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal(TestArchive.Repeated, o.GetProperty("exact").GetString()));
    }

    [Fact]
    public async Task Check_QuoteOccurringEverywhere_ListsTwentyOccurrencesAndTheTotalInABoundedResponse()
    {
        // A 60-byte brief must not turn into megabytes of JSON: the phrase occurs 200,000 times in one document.
        const int Total = 200_000;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("la ", Total)) + Guid.NewGuid()));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "la.txt");
        var upload = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capture_id").GetString()!;

        var response = await _factory.ClientFor("author").PostAsync("/api/briefs/check", Briefs.Markdown(Briefs.With($"[@{id[7..19]} \"la\"]")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length < 16 * 1024, $"the report is {text.Length:N0} characters");
        var problem = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("ambiguous", problem.GetProperty("status").GetString());
        Assert.Equal(Total, problem.GetProperty("occurrence_count").GetInt32());
        var occurrences = problem.GetProperty("occurrences").EnumerateArray().ToList();
        Assert.Equal(20, occurrences.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * 3), occurrences.Select(o => o.GetProperty("start").GetInt32()));
    }

    [Fact]
    public async Task Check_MisquotedPassage_ListsNearestCandidate()
    {
        var report = await Check(Briefs.With($"[@{_archive.ReportId.Short} \"Syrian forces entered Raqqa on Tuesday\"]"));
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal("not-found", problem.GetProperty("status").GetString());
        var candidate = problem.GetProperty("candidates")[0];
        Assert.Contains("Syrian forces entered Hasakah", candidate.GetProperty("passage").GetProperty("exact").GetString(), StringComparison.Ordinal);
        Assert.True(candidate.GetProperty("score").GetDouble() > 0.5);
    }

    [Fact]
    public async Task Check_MalformedFrontMatter_ReportsLineAndColumnWithoutServerPath()
    {
        var response = await _factory.ClientFor("author").PostAsync("/api/briefs/check", Briefs.Markdown("---\ntitle: ok\nauthor: [unclosed\n---\n\nBody.\n"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Path.GetTempPath(), text, StringComparison.Ordinal);
        var report = JsonDocument.Parse(text).RootElement;
        Assert.False(report.GetProperty("ok").GetBoolean());
        var problem = report.GetProperty("problems")[0];
        Assert.Equal("brief.md", problem.GetProperty("file").GetString());
        // YAML finds the flow sequence opened on line 3 still unclosed where the front matter ends: the closing --- on line 4.
        Assert.Equal(4, problem.GetProperty("line").GetInt32());
        Assert.Equal(1, problem.GetProperty("column").GetInt32());
        Assert.Contains("front matter", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/briefs/check")]
    [InlineData("/api/briefs")]
    public async Task Post_EmptyBody_Returns400(string path)
    {
        await Problems.AssertProblem(await _factory.ClientFor("author").PostAsync(path, Briefs.Body([])), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/briefs/check")]
    [InlineData("/api/briefs")]
    public async Task Post_OverOneMegabyte_Returns413(string path)
    {
        var big = Briefs.With(new string('a', BriefParser.MaxBytes));
        await Problems.AssertProblem(await _factory.ClientFor("author").PostAsync(path, Briefs.Markdown(big)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Check_ExactlyOneMegabyte_IsAccepted()
    {
        var head = Briefs.With(string.Empty);
        var text = head + new string('a', BriefParser.MaxBytes - Encoding.UTF8.GetByteCount(head));
        var response = await _factory.ClientFor("author").PostAsync("/api/briefs/check", Briefs.Markdown(text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/briefs/check")]
    [InlineData("/api/briefs")]
    public async Task Post_InvalidUtf8_Returns400(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(Briefs.Valid(_archive)).Concat(new byte[] { 0xC3, 0x28, 0xFF }).ToArray();
        await Problems.AssertProblem(await _factory.ClientFor("author").PostAsync(path, Briefs.Body(bytes)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Check_BinaryBody_Returns400()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0;
        await Problems.AssertProblem(await _factory.ClientFor("author").PostAsync("/api/briefs/check", Briefs.Body(bytes)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Check_NulInValidUtf8_Returns400()
    {
        var body = Briefs.Markdown(Briefs.Valid(_archive) + "\0");
        await Problems.AssertProblem(await _factory.ClientFor("author").PostAsync("/api/briefs/check", body), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    [InlineData("multipart/form-data")]
    [InlineData("text/markdown; charset=latin1")]
    public async Task Check_OtherMediaType_Returns415(string mediaType)
    {
        var content = Briefs.Body(Encoding.UTF8.GetBytes(Briefs.Valid(_archive)), mediaType.Split(';')[0]);
        if (mediaType.Contains("charset", StringComparison.Ordinal))
        {
            content.Headers.ContentType!.CharSet = "latin1";
        }

        await Problems.AssertProblem(await _factory.ClientFor("author").PostAsync("/api/briefs/check", content), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Check_PlainTextWithUtf8Charset_IsAccepted()
    {
        var content = new StringContent(Briefs.Valid(_archive), Encoding.UTF8, "text/plain");
        var report = await (await _factory.ClientFor("author").PostAsync("/api/briefs/check", content)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("ok").GetBoolean());
    }

    public static TheoryData<string> Garbage() =>
    [
        "---",
        "---\n---\n",
        "---\n: :\n---\n",
        "---\ntitle: [\n",
        "---\ntitle: !!binary AAAA\n---\n",
        "---\na: &a [*a]\ntitle: x\n---\n",
        "---\ntitle: x\n---\n[@",
        "---\ntitle: x\n---\n[@ \"\"]",
        "---\ntitle: x\n---\n[@sha256: \"x\" #0]",
        "---\ntitle: x\n---\n[@zz \"x\" #99999999999999999999]",
        "---\ntitle: x\n---\n[@../../etc/passwd \"root\"]",
        "---\ntitle: x\n---\n" + new string('[', 20000),
        "---\ntitle: x\n---\n" + string.Concat(Enumerable.Repeat("> ", 5000)) + "deep",
        "---\ntitle: x\n---\n" + string.Concat(Enumerable.Repeat("[@abc \"q\"] ", 3000)),
        "\uFEFF---\ntitle: \u202Eevil\u202C\n---\n\uD83D\uDE00 [@x \"\u0627\u0644\"]",
        "plain words, no front matter",
        "<script>alert(1)</script>",
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Post_Garbage_NeverFailsWith500(string text)
    {
        var client = _factory.ClientFor("author");
        var check = await client.PostAsync("/api/briefs/check", Briefs.Markdown(text));
        Assert.True(check.StatusCode == HttpStatusCode.OK, $"check: {(int)check.StatusCode} {await check.Content.ReadAsStringAsync()}");
        var report = await check.Content.ReadFromJsonAsync<JsonElement>();
        if (!report.GetProperty("ok").GetBoolean())
        {
            // Only briefs with problems go on to build here: a clean one would render a PDF, which another test covers.
            var build = await client.PostAsync("/api/briefs", Briefs.Markdown(text));
            await Problems.AssertProblem(build, HttpStatusCode.UnprocessableEntity);
        }
    }

    [Fact]
    public async Task Build_CitationProblems_Returns422WithProblemsAndRendersNothing()
    {
        var before = PackFiles();
        var response = await _factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(Briefs.Ambiguous(_archive)));
        var problem = await Problems.AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        var listed = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal("ambiguous", listed.GetProperty("status").GetString());
        Assert.Equal(8, listed.GetProperty("line").GetInt32());
        Assert.Equal(2, listed.GetProperty("occurrences").GetArrayLength());
        Assert.Equal(before, PackFiles());
    }

    [Fact]
    public async Task Build_MalformedFrontMatter_Returns422WithLocation()
    {
        var response = await _factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown("---\ntitle: [oops\n---\n\nText.\n"));
        var problem = await Problems.AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        var listed = problem.GetProperty("problems")[0];
        Assert.Equal("brief.md", listed.GetProperty("file").GetString());
        Assert.Equal(3, listed.GetProperty("line").GetInt32());
        Assert.Equal(1, listed.GetProperty("column").GetInt32());
        Assert.StartsWith("malformed front matter: ", listed.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ValidBrief_ReturnsPdfThatQpdfAcceptsAndRecordsPack()
    {
        var client = _factory.ClientFor("author");
        var response = await client.PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(_archive)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var packId = response.Headers.GetValues("X-Pack-Id").Single();
        Assert.True(PackCatalog.IsPackId(packId), packId);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var fileName = response.Headers.GetValues("X-Pack-File").Single();
        Assert.Equal($"brief-{packId}.pdf", fileName);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);

        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        var saved = Path.Combine(Path.GetTempPath(), $"web-{packId}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(saved, pdf);
        try
        {
            var (exit, output) = await Run("qpdf", "--check", saved);
            Assert.True(exit == 0, output);
        }
        finally
        {
            File.Delete(saved);
        }

        Assert.Contains(PackFiles(), f => f.EndsWith($"-{packId}.pdf", StringComparison.Ordinal));
        var manifestResponse = await _factory.ClientFor("reader").GetAsync($"/api/packs/{packId}/manifest");
        Assert.Equal(HttpStatusCode.OK, manifestResponse.StatusCode);
        Assert.Equal("application/json", manifestResponse.Content.Headers.ContentType?.MediaType);
        var manifest = await manifestResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(packId, manifest.GetProperty("pack_id").GetString());
        Assert.Equal("author-user", manifest.GetProperty("agent").GetString());
        Assert.Equal("brief.md", manifest.GetProperty("brief").GetProperty("file").GetString());
        var printed = checked((int)manifest.GetProperty("pdf").GetProperty("bytes").GetInt64());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(pdf.AsSpan(0, printed))), manifest.GetProperty("pdf").GetProperty("sha256").GetString());
        Assert.Equal(fileName, manifest.GetProperty("pdf").GetProperty("file").GetString());
        Assert.Equal(_archive.ReportId.Value, manifest.GetProperty("citations")[0].GetProperty("capture").GetString());

        var packs = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>("/api/packs");
        var listed = packs.EnumerateArray().Single(p => p.GetProperty("id").GetString() == packId);
        Assert.Equal("Web test brief", listed.GetProperty("title").GetString());
        Assert.Equal("author-user", listed.GetProperty("agent").GetString());
        Assert.Equal(fileName, listed.GetProperty("pdf").GetString());
    }

    [Fact]
    public async Task Build_DownloadedPdfAlone_VerifiesAndNamesItselfOnItsVerificationPage()
    {
        var response = await _factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(_archive)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var fileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"web-pack-alone-{Guid.NewGuid():N}")).FullName;
        try
        {
            var saved = Path.Combine(folder, fileName!);
            await File.WriteAllBytesAsync(saved, await response.Content.ReadAsByteArrayAsync());

            var report = _factory.Services.GetRequiredService<ArchiveCore>().PackVerifier.Verify(saved);

            Assert.True(report.IsOk, string.Join("\n", report.Checks.Where(c => !c.Ok).Select(c => c.Detail).Concat(report.Citations.SelectMany(c => c.Problems))));
            Assert.Contains("embedded", report.Checks.Single(c => c.Name == "manifest").Detail, StringComparison.Ordinal);
            var (exit, text) = await Run("pdftotext", saved, "-");
            Assert.True(exit == 0, text);
            Assert.Contains("archive verify-pack " + fileName, text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Build_ChromiumSlowerThanRenderLimit_Returns503AndStopsIt()
    {
        // A brief of some 4,000 paragraphs takes real Chromium several seconds to lay out, far over a one-second limit.
        // The printer keeps its own, longer limit, so that only the host's render limit is under test.
        var filler = string.Concat(Enumerable.Range(1, 4000).Select(i => $"Paragraph {i} about the region and its long history, with enough words to wrap.\n\n"));
        var brief = Briefs.With($"Forces moved in [@{_archive.ReportId.Short} \"{TestArchive.Phrase}\"].\n\n{filler}");
        using var printer = new ObservedPrinter(new ChromiumPdfPrinter(timeout: TimeSpan.FromMinutes(10)));
        using var factory = WithPrinter(printer, ("render-timeout-seconds", "1"));
        var before = PackFiles();
        var response = await factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(brief));
        var problem = await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Render timed out", problem.GetProperty("title").GetString());
        Assert.Equal("rendering took longer than 1 s and was stopped", problem.GetProperty("detail").GetString());
        Assert.True(printer.Entered.IsSet, "the build reached Chromium");
        Assert.IsType<OperationCanceledException>(printer.Failure, exactMatch: false);
        Assert.Equal(before, PackFiles());
    }

    [Fact]
    public async Task Build_WhileAnotherRenders_WaitsItsTurnAndOnlyPastTheQueueReturns429()
    {
        // The first build is held at the printer's door; two more wait in the queue behind it, a fourth is turned away.
        using var printer = new ObservedPrinter(new ChromiumPdfPrinter(), hold: true);
        using var factory = WithPrinter(printer);
        var first = factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(_archive)));
        await WaitOrFail(printer.Entered, first, "the first build reached the printer");
        // One more than the queue holds: whichever arrives last is turned away at once; the others cannot finish
        // while the printer is held, so no timing decides the test.
        var sent = Enumerable.Range(0, RateLimits.QueueLimit + 1).Select(_ => factory.ClientFor("admin").PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(_archive)))).ToList();
        var turnedAway = await await Task.WhenAny(sent).WaitAsync(TimeSpan.FromMinutes(2));
        var waiting = sent.Where(s => !s.IsCompleted).ToList();
        Assert.Equal(RateLimits.QueueLimit, waiting.Count);

        var problem = await Problems.AssertProblem(turnedAway, HttpStatusCode.TooManyRequests);
        Assert.Equal("Busy", problem.GetProperty("title").GetString());
        Assert.Equal("two more packs are already waiting to render; try again when they finish", problem.GetProperty("detail").GetString());
        printer.Release.Set();

        foreach (var done in (HttpResponseMessage[])[await first, .. await Task.WhenAll(waiting)])
        {
            Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
            Assert.Equal("%PDF-", Encoding.ASCII.GetString((await done.Content.ReadAsByteArrayAsync())[..5]));
        }

        Assert.Equal(1 + RateLimits.QueueLimit, printer.Printed);
    }

    [Theory]
    [InlineData("chromium stopped by the printer's own limit")]
    [InlineData("an executable that exits with an error")]
    public async Task Build_PrinterFails_Returns503WithoutDetailsOfTheServer(string failure)
    {
        // Real runs of the Chromium printer: Chromium started and killed after a millisecond, or a configured executable
        // that is not Chromium, exits 1 and writes no PDF.
        var chromium = failure.StartsWith("chromium", StringComparison.Ordinal)
            ? new ChromiumPdfPrinter(timeout: TimeSpan.FromMilliseconds(1))
            : new ChromiumPdfPrinter("/bin/false");
        using var printer = new ObservedPrinter(chromium);
        using var factory = WithPrinter(printer);
        var before = PackFiles();
        var response = await factory.ClientFor("author").PostAsync("/api/briefs", Briefs.Markdown(Briefs.Valid(_archive)));
        var problem = await Problems.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Pack not rendered", problem.GetProperty("title").GetString());
        Assert.Equal("the PDF could not be rendered (Chromium or the pack templates); the error was logged", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("/tmp", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(ArchiveErrorKind.RenderFailed, Assert.IsType<ArchiveException>(printer.Failure).Kind);
        Assert.Equal(before, PackFiles());
    }

    private static async Task WaitOrFail(ManualResetEventSlim signal, Task<HttpResponseMessage> request, string what)
    {
        // Whichever comes first: the signal, or the request ending without it (then its response says why).
        var waited = Task.Run(() => signal.Wait(TimeSpan.FromMinutes(2)));
        if (await Task.WhenAny(waited, request) == request && !signal.IsSet)
        {
            var response = await request;
            Assert.Fail($"{what}: no; the request ended with {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(await waited, what);
    }

    private PrinterFactory WithPrinter(IPdfPrinter printer, params (string Key, string Value)[] settings) =>
        new(new ArchiveWebFactory(_archive, settings), printer);

    private async Task<JsonElement> Check(string brief)
    {
        var response = await _factory.ClientFor("author").PostAsync("/api/briefs/check", Briefs.Markdown(brief));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private string[] PackFiles()
    {
        var packs = Path.Combine(_archive.Root, "packs");
        return Directory.Exists(packs) ? [.. Directory.EnumerateFiles(packs).Order(StringComparer.Ordinal)] : [];
    }

    private static async Task<(int Exit, string Output)> Run(string tool, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    /// <summary>The host with its PDF printer replaced; clients carry role tokens.</summary>
    private sealed class PrinterFactory(ArchiveWebFactory outer, IPdfPrinter printer) : IDisposable
    {
        private readonly Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _inner =
            outer.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(printer)));

        public HttpClient ClientFor(string role)
        {
            var client = _inner.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", outer.Archive.Tokens[role]);
            return client;
        }

        public void Dispose()
        {
            _inner.Dispose();
            outer.Dispose();
        }
    }

    /// <summary>
    /// A real printer behind a door: records that a print began and how it ended, and with <c>hold</c> keeps the
    /// print waiting until <see cref="Release"/> is set (or the request is cancelled).
    /// </summary>
    private sealed class ObservedPrinter(IPdfPrinter inner, bool hold = false) : IPdfPrinter, IDisposable
    {
        private int _printed;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new(!hold);

        public Exception? Failure { get; private set; }

        public int Printed => Volatile.Read(ref _printed);

        public void Print(string htmlPath, string pdfPath, CancellationToken cancellationToken)
        {
            Entered.Set();
            Release.Wait(cancellationToken);
            try
            {
                inner.Print(htmlPath, pdfPath, cancellationToken);
                Interlocked.Increment(ref _printed);
            }
            catch (Exception ex)
            {
                Failure = ex;
                throw;
            }
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }
}
