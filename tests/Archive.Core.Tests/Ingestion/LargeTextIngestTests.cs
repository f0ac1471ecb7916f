using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Ingestion;

/// <summary>Inputs over the streaming threshold are extracted into the store as they are read, with the same results as small ones.</summary>
public sealed class LargeTextIngestTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Ingest_LargeCanonicalText_StoredOnceTitleLanguageAndBothEndsSearchable()
    {
        var text = Large("Large upload\n\nThe zanzibarmarker report opens the file.\n", "The quokkaterminal line closes the file.\n", html: false);
        var path = _archive.WriteInput("large.txt", text);
        Assert.True(new FileInfo(path).Length > Ingestor.StreamingThreshold);

        var outcome = Ingest(path);

        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        Assert.Equal(outcome.CaptureId?.Value, detail.Capture.TextSha256); // the original is its own canonical text
        Assert.Equal(text.Length, detail.Capture.TextLength);
        Assert.Equal("Large upload", outcome.Title);
        Assert.Equal("en", detail.Capture.Language);
        AssertFound("zanzibarmarker", outcome.CaptureId!.Value);
        AssertFound("quokkaterminal", outcome.CaptureId!.Value);
    }

    [Fact]
    public void Ingest_LargeHtmlWithCrLf_TextIsTheCanonicalVisibleTextAndSearchable()
    {
        var html = Large(
            "<!DOCTYPE html>\r\n<html lang=\"ar\"><head><meta charset=\"utf-8\"><title>Large page</title></head><body>\r\n<p>The zanzibarmarker report opens the file.</p>\r\n",
            "<p>The quokkaterminal line closes the file.</p>\r\n</body></html>\r\n",
            html: true);
        var path = _archive.WriteInput("large.html", html);

        var outcome = Ingest(path);

        var detail = _archive.Reader.Show(outcome.CaptureId!.Value)!;
        var stored = File.ReadAllText(_archive.Services.Store.PathFor(Sha256Digest.Parse(detail.Capture.TextSha256)), new UTF8Encoding(false));
        Assert.StartsWith("The zanzibarmarker report opens the file.\n\n", stored, StringComparison.Ordinal);
        Assert.Matches("^[a-z]+( [a-z]+){15}\\.\n\n", stored.Split("\n\n", 3)[1] + "\n\n");
        Assert.EndsWith(".\n\nThe quokkaterminal line closes the file.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', stored);
        Assert.Equal("Large page", outcome.Title);
        Assert.Equal("ar", detail.Capture.Language);
        AssertFound("quokkaterminal", outcome.CaptureId!.Value);
    }

    private IngestOutcome Ingest(string path)
    {
        var outcome = Assert.Single(_archive.Services.Ingestor.Ingest(new IngestRequest([path], new Dictionary<string, FieldValue>(), "test-agent"), null, CancellationToken.None));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        return outcome;
    }

    private void AssertFound(string word, CaptureId captureId)
    {
        var hit = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest(word), CancellationToken.None).Hits);
        Assert.Equal(captureId, hit.Id);
    }

    /// <summary>About 17 MB of prose lines between a start and an end, just over the streaming threshold.</summary>
    private static string Large(string start, string end, bool html)
    {
        string[] words = ["the", "convoy", "reached", "border", "crossing", "at", "dawn", "and", "officials", "said", "talks", "resume"];
        var random = new Random(7);
        var text = new StringBuilder(start);
        var line = new StringBuilder();
        while (text.Length < Ingestor.StreamingThreshold + 500_000)
        {
            line.Clear().Append(html ? "<p>" : string.Empty);
            for (var i = 0; i < 16; i++)
            {
                line.Append(i == 0 ? string.Empty : " ").Append(words[random.Next(words.Length)]);
            }

            text.Append(line).Append(html ? ".</p>\r\n" : ".\n");
        }

        return text.Append(end).ToString();
    }
}
