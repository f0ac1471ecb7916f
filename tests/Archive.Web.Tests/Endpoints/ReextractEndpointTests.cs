using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Archive.Core.Storage;

namespace Archive.Web.Tests.Endpoints;

/// <summary>POST /api/documents/{id}/reextract: a new text through a new event, for archivists, with OCR options.</summary>
public sealed class ReextractEndpointTests : IClassFixture<TestArchive>, IDisposable
{
    private const string Sentence = "The committee met in Baghdad on Tuesday";

    private readonly TestArchive _archive;
    private readonly CaptureId _scanId;
    private readonly ArchiveWebFactory _factory;

    public ReextractEndpointTests(TestArchive archive)
    {
        _archive = archive;
        _scanId = archive.AddScan(Sentence, "ara");
        _factory = new ArchiveWebFactory(archive);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Reextract_ScanOcredInArabicAgainInEnglish_NewTextCurrentAndOldTextKept()
    {
        var client = _factory.ClientFor("archivist");
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_scanId}");
        var oldText = before.GetProperty("capture").GetProperty("text_sha256").GetString();

        var response = await client.PostAsJsonAsync($"/api/documents/{_scanId}/reextract", new { ocr_lang = "eng" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("reextracted", outcome.GetProperty("status").GetString());
        Assert.Equal(oldText, outcome.GetProperty("previous_text").GetString());
        Assert.Contains("lang=eng", outcome.GetProperty("extractor").GetProperty("settings").GetString(), StringComparison.Ordinal);
        Assert.Equal(Sentence + "\n", await client.GetStringAsync($"/api/documents/{_scanId}/text"));
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_scanId}");
        var texts = after.GetProperty("texts").EnumerateArray().Select(t => t.GetProperty("text_sha256").GetString()).ToList();
        Assert.Equal([oldText, outcome.GetProperty("text").GetString()], texts);
        var events = after.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event")).ToList();
        var extracted = events.Last(e => e.GetProperty("type").GetString() == "text-extracted");
        Assert.Equal("archivist-user", extracted.GetProperty("agent").GetString());
        // The title guessed from the Arabic run's text follows the new text, through its own event.
        Assert.Equal(Sentence, after.GetProperty("capture").GetProperty("title").GetString());
        Assert.Equal("metadata-amended", events[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Reextract_TextFileWithoutBody_UnchangedAndNothingRecorded()
    {
        var client = _factory.ClientFor("archivist");
        var eventsBefore = (await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}")).GetProperty("events").GetArrayLength();

        var response = await client.PostAsync($"/api/documents/{_archive.ReportId}/reextract", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unchanged", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(eventsBefore, (await client.GetFromJsonAsync<JsonElement>($"/api/documents/{_archive.ReportId}")).GetProperty("events").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"ocr\":\"sometimes\"}", "ocr is auto")]
    [InlineData("{\"ocr\":\"1\"}", "ocr is auto")]
    [InlineData("{\"ocr_lang\":\"eng;rm -rf\"}", "eng;rm -rf")]
    public async Task Reextract_BadOcrOptions_Returns400Problem(string json, string detail)
    {
        var response = await _factory.ClientFor("archivist").PostAsync($"/api/documents/{_archive.ReportId}/reextract", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await Problems.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reextract_Reader_Returns403AndUnknownId404()
    {
        await Problems.AssertProblem(await _factory.ClientFor("reader").PostAsync($"/api/documents/{_scanId}/reextract", null), HttpStatusCode.Forbidden);
        await Problems.AssertProblem(await _factory.ClientFor("archivist").PostAsync("/api/documents/no-such-document/reextract", null), HttpStatusCode.NotFound);
    }
}
