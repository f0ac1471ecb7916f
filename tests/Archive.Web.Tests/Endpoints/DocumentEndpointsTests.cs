using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Archive.Web.Tests.Endpoints;

public sealed class DocumentEndpointsTests : IClassFixture<TestArchive>, IDisposable
{
    private readonly TestArchive _archive;
    private readonly ArchiveWebFactory _factory;

    public DocumentEndpointsTests(TestArchive archive)
    {
        _archive = archive;
        _factory = new ArchiveWebFactory(archive, ("max-upload-mb", "1"));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Health_Anonymous_ReportsOkAndCount()
    {
        var health = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("documents").GetInt32() >= 2);
    }

    [Fact]
    public async Task OpenApi_Anonymous_ListsContractPaths()
    {
        var doc = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/health", "/api/documents", "/api/documents/{id}", "/api/documents/{id}/text", "/api/documents/{id}/passage", "/api/documents/{id}/original", "/api/verify", "/api/log/checkpoints", "/api/log/proof/{index}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }

    [Fact]
    public async Task List_Reader_ReturnsPageWithTotal()
    {
        var page = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>("/api/documents?limit=1&offset=0");
        Assert.True(page.GetProperty("total").GetInt32() >= 2);
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=100000")]
    [InlineData("?offset=-1")]
    [InlineData("?limit=abc")]
    public async Task List_BadPaging_Returns400Problem(string query)
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/documents" + query), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Show_ByHashPrefix_ReturnsFieldsWithOriginsAndEvents()
    {
        var doc = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId.Short}");
        Assert.Equal(_archive.ReportId.Value, doc.GetProperty("capture").GetProperty("id").GetString());
        Assert.Equal("derived", doc.GetProperty("fields").GetProperty("title").GetProperty("origin").GetString());
        var types = doc.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("ingested", types);
    }

    [Fact]
    public async Task Show_UnknownId_Returns404Problem()
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync("/api/documents/deadbeefdeadbeef"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Text_Reader_ReturnsCanonicalText()
    {
        var text = await _factory.ClientFor("reader").GetStringAsync($"/api/documents/{_archive.ReportId}/text");
        Assert.Equal(_archive.ReportText, text);
    }

    [Fact]
    public async Task Passage_CodePointOffsetsAfterAnEmoji_ReturnsExactQuote()
    {
        var (start, end) = _archive.Offsets(TestArchive.Phrase);
        var passage = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}/passage?start={start}&end={end}");
        Assert.Equal(TestArchive.Phrase, passage.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Citation_SecondOccurrenceWithSurroundingSpace_TrimsAndNumbersItOverTheWholeText()
    {
        var second = _archive.ReportText.IndexOf(TestArchive.Repeated, _archive.ReportText.IndexOf(TestArchive.Repeated, StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        // The report is all BMP after its first line's emoji, so the UTF-16 index is one more than the code-point offset.
        var start = second - 1;
        var citation = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}/citation?start={start - 1}&end={start + TestArchive.Repeated.Length + 1}");

        Assert.Equal($"[@{_archive.ReportId.Short} \"{TestArchive.Repeated}\" #2]", citation.GetProperty("citation").GetString());
        Assert.Equal(start, citation.GetProperty("start").GetInt32());
        Assert.Equal(2, citation.GetProperty("occurrences").GetInt32());
    }

    [Theory]
    [InlineData("start=3&end=3")]
    [InlineData("start=0&end=99999999")]
    [InlineData("start=-1&end=4")]
    public async Task Citation_EmptyOrOutOfRange_Returns400Problem(string query)
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync($"/api/documents/{_archive.ReportId}/citation?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Citation_WhitespaceOnly_Returns400Problem()
    {
        // The blank line after the title: its two line feeds, as code points (the title's emoji is two UTF-16 units).
        var blank = _archive.ReportText.IndexOf("\n\n", StringComparison.Ordinal) - 1;
        var problem = await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync($"/api/documents/{_archive.ReportId}/citation?start={blank}&end={blank + 2}"), HttpStatusCode.BadRequest);
        Assert.Equal("the selection holds only whitespace", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task List_OrderNewest_ReturnsTheLastIngestedFirst()
    {
        var client = _factory.ClientFor("reader");
        var oldest = await client.GetFromJsonAsync<JsonElement>("/api/documents?limit=500");
        var newest = await client.GetFromJsonAsync<JsonElement>("/api/documents?limit=2&order=newest");
        var ids = oldest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal([ids[^1], ids[^2]], newest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList());
        var past = await client.GetFromJsonAsync<JsonElement>($"/api/documents?limit=2&offset={ids.Count}&order=newest");
        Assert.Empty(past.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("start=-1&end=3")]
    [InlineData("start=5&end=2")]
    [InlineData("start=0&end=99999999")]
    [InlineData("start=x&end=2")]
    [InlineData("start=0")]
    public async Task Passage_OutOfRangeOrMalformed_Returns400Problem(string query)
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").GetAsync($"/api/documents/{_archive.ReportId}/passage?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Original_Reader_IsAttachmentWithTypeAndNosniff()
    {
        var response = await _factory.ClientFor("reader").GetAsync($"/api/documents/{_archive.ProbeId}/original");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("probe.txt", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<script>alert(1)</script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithMetadata_IngestsAndRecordsTokenNameAsAgent()
    {
        var name = "upload-" + Guid.NewGuid().ToString("N") + ".txt";
        using var form = Form(name, "Uploaded note\n\nA unique body " + Guid.NewGuid());
        form.Add(new StringContent("Test Publisher"), "publisher");
        var response = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("archivist-user", result.GetProperty("agent").GetString());
        var doc = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString());
        Assert.Equal("upload", doc.GetProperty("fields").GetProperty("publisher").GetProperty("origin").GetString());
        Assert.All(doc.GetProperty("events").EnumerateArray(), e => Assert.Equal("archivist-user", e.GetProperty("event").GetProperty("agent").GetString()));
        var ingested = doc.GetProperty("events").EnumerateArray().First(e => e.GetProperty("event").GetProperty("type").GetString() == "ingested");
        Assert.Equal("upload:" + name, ingested.GetProperty("event").GetProperty("data").GetProperty("path").GetString());
    }

    [Fact]
    public async Task Upload_SameBytesTwice_SecondIsDuplicate()
    {
        var body = "Twice\n\n" + Guid.NewGuid();
        using var first = Form("twice.txt", body);
        using var second = Form("twice-again.txt", body);
        var client = _factory.ClientFor("archivist");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/documents", first)).StatusCode);
        var again = await client.PostAsync("/api/documents", second);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("../../evil.txt")]
    [InlineData("..\\..\\evil.txt")]
    [InlineData("sub/../../evil.txt")]
    [InlineData("..")]
    [InlineData("bad\u0001name.txt")]
    public async Task Upload_TraversalOrBadName_Returns400AndWritesNothing(string name)
    {
        var marker = "Traversal " + Guid.NewGuid();
        using var form = Form(name, marker);
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.txt")));
        var page = await _factory.ClientFor("reader").GetStringAsync("/api/documents?limit=500");
        Assert.DoesNotContain("evil", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe", "U+202E")]
    [InlineData("\u2067report.txt", "U+2067")]
    [InlineData("mark\u200F.txt", "U+200F")]
    public async Task Upload_BidiFormattingInName_Returns400NamingTheCharacter(string name, string named)
    {
        using var form = Form(name, "Bidi name " + Guid.NewGuid());
        var problem = await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_PersianNameWithZeroWidthNonJoiner_IsKept()
    {
        const string name = "گزارش\u200Cها.txt";
        using var form = Form(name, "Persian name\n\n" + Guid.NewGuid());
        var response = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task Upload_NameOver255Characters_Returns400SayingHowLong()
    {
        using var form = Form(new string('n', 300) + ".txt", "Long name " + Guid.NewGuid());
        var problem = await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
        Assert.Contains("304 characters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--XB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.txt\"\r\n\r\ntruncated")]
    [InlineData("garbage")]
    public async Task Upload_MalformedMultipartBody_Returns400Problem(string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XB");
        var problem = await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", content), HttpStatusCode.BadRequest);
        Assert.Contains("multipart", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ContentNotMatchingItsExtension_NamesTheUploadsExtension()
    {
        using var form = Form("fake.pdf", "not a PDF at all " + Guid.NewGuid());
        var problem = await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.UnprocessableEntity);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains(".pdf", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WindowsStylePath_KeepsOnlyTheFileName()
    {
        using var form = Form("C:\\Users\\someone\\notes.txt", "Windows path\n\n" + Guid.NewGuid());
        var response = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("notes.txt", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task Upload_OverTheLimit_Returns413Problem()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[(1024 * 1024) + 10]), "file", "big.txt" } };
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Upload_WayOverTheLimit_Returns413Problem()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[3 * 1024 * 1024]), "file", "huge.txt" } };
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Upload_UnsupportedType_Returns422Problem()
    {
        using var form = Form("tool.exe", "MZ not really");
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Upload_BadMetadata_Returns400Problem()
    {
        using var form = Form("meta.txt", "Meta\n\n" + Guid.NewGuid());
        form.Add(new StringContent("Z9"), "reliability");
        var problem = await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
        Assert.Contains("reliability", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnknownField_Returns400Problem()
    {
        using var form = Form("meta.txt", "Meta\n\n" + Guid.NewGuid());
        form.Add(new StringContent("x"), "colour");
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Upload_NotMultipart_Returns415Problem()
    {
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", body), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Upload_NoFilePart_Returns400Problem()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "title" } };
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents", form), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Amend_Archivist_WritesEventWithAgentAndNewOrigin()
    {
        var response = await _factory.ClientFor("archivist").PatchAsJsonAsync($"/api/documents/{_archive.ProbeId}/metadata", new Dictionary<string, string> { ["reliability"] = "B2" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events");
        Assert.Equal("archivist-user", events[0].GetProperty("event").GetProperty("agent").GetString());
        var doc = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ProbeId}");
        Assert.Equal("amend", doc.GetProperty("fields").GetProperty("reliability").GetProperty("origin").GetString());
    }

    [Fact]
    public async Task Upload_SlugReadingAsHexId_Returns400ProblemAndIdStillResolvesToItsCapture()
    {
        // The slug is the report's own short id: accepted, it would shadow nothing but break the new document's citations.
        var hexSlug = _archive.ReportId.Short;
        using var form = Form("shadow-" + Guid.NewGuid().ToString("N") + ".txt", "Shadow\n\nA body " + Guid.NewGuid());
        form.Add(new StringContent(hexSlug), "slug");

        var response = await _factory.ClientFor("archivist").PostAsync("/api/documents", form);

        var problem = await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains("hex", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var doc = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{hexSlug}");
        Assert.Equal(_archive.ReportId.Value, doc.GetProperty("capture").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("{\"reliability\":\"Z9\"}")]
    [InlineData("{\"slug\":\"new-slug\"}")]
    [InlineData("{\"nonsense\":\"x\"}")]
    [InlineData("{}")]
    [InlineData("[1,2")]
    [InlineData("{\"tags\":5}")]
    public async Task Amend_BadBody_Returns400Problem(string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PatchAsync($"/api/documents/{_archive.ProbeId}/metadata", body), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{\"title\":null}")]
    [InlineData("{\"title\":\"  \"}")]
    public async Task Amend_EmptyOrNullValue_Returns400NamingTheField(string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _factory.ClientFor("archivist").PatchAsync($"/api/documents/{_archive.ProbeId}/metadata", body);

        await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("title: an empty value", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Form(string fileName, string content)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    [Fact]
    public async Task Matches_Reader_ListsEveryMatchInTextOrderAtCodePointOffsets()
    {
        var found = await _factory.ClientFor("reader").GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}/matches?q=detainees");

        // Offsets count code points (the emoji in the first line is one), counted here with .NET's runes.
        var expected = RuneStarts(_archive.ReportText, "detainees");
        Assert.Equal(2, expected.Count);
        Assert.Equal(2, found.GetProperty("count").GetInt32());
        Assert.False(found.GetProperty("more").GetBoolean());
        var matches = found.GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(expected, matches.Select(m => m.GetProperty("start").GetInt32()));
        Assert.All(matches, m => Assert.Equal("detainees", m.GetProperty("text").GetString()));
        Assert.All(matches, m => Assert.Equal(m.GetProperty("start").GetInt32() + 9, m.GetProperty("end").GetInt32()));
    }

    [Fact]
    public async Task Matches_PhraseAndLimit_MarksThePhraseAndSaysThereAreMore()
    {
        var client = _factory.ClientFor("reader");
        var phrase = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}/matches?q=%22forces+entered%22");
        var only = Assert.Single(phrase.GetProperty("matches").EnumerateArray());
        Assert.Equal("forces entered", only.GetProperty("text").GetString());
        Assert.Equal("phrase", only.GetProperty("reason").GetString());
        Assert.Equal(RuneStarts(_archive.ReportText, "forces entered").Single(), only.GetProperty("start").GetInt32());

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}/matches?q=detainees&limit=1");
        Assert.Equal(1, first.GetProperty("count").GetInt32());
        Assert.True(first.GetProperty("more").GetBoolean());
    }

    [Theory]
    [InlineData("q=hasakah+AND+(", 400, "column")]
    [InlineData("q=", 400, "Bad query")]
    [InlineData("q=hasakah&limit=0", 400, "Bad limit")]
    [InlineData("q=hasakah&limit=1001", 400, "Bad limit")]
    public async Task Matches_BadRequest_IsAProblemNaming(string query, int status, string names)
    {
        var response = await _factory.ClientFor("reader").GetAsync($"/api/documents/{_archive.ReportId}/matches?{query}");
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(names, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static List<int> RuneStarts(string text, string word)
    {
        var starts = new List<int>();
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            starts.Add(text[..at].EnumerateRunes().Count());
        }

        return starts;
    }
}
