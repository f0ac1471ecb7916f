using Archive.Core.Ingestion;
using Archive.Core.Storage;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

/// <summary>
/// A value edited in the catalog alone (it is not signed; the log is) must fail verify, naming the capture and what
/// differs; a catalog every writer kept in step with the log must pass.
/// </summary>
public class CatalogAgainstLogTests : IDisposable
{
    private readonly TempArchive _archive = new();

    /// <summary>How many bytes of the capture events the log read keeps for this check (the rest are read again by index).</summary>
    protected virtual long KeptEventBytes => CaptureEvents.DefaultBudget;

    public void Dispose()
    {
        _archive.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Verify_AmendedAndIngestedCaptures_FindsNoCatalogDifference()
    {
        var (page, note) = IngestPair();
        _archive.Services.Amender.Amend(CaptureId.Parse(page), [new("title", "Hasakah: a corrected title"), new("tags", "prison; Hasakah; سجن غويران; say \"no\"; back\\slash"), new("reliability", "B2")], "test-agent");
        _archive.Services.Amender.Amend(CaptureId.Parse(page), [new("tags", "prison")], "second-agent");
        _archive.Services.Amender.Amend(CaptureId.Parse(note), [new("language", "ar")], "test-agent");

        var report = Verify();

        Assert.True(report.IsOk, string.Join("; ", report.Problems));
    }

    [Theory]
    [InlineData("UPDATE captures SET title = 'Forged title' WHERE id = $id", "title column")]
    [InlineData("UPDATE capture_fields SET value = '\"Forged title\"' WHERE field = 'title' AND capture_rowid = (SELECT rowid FROM captures WHERE id = $id)", "field title")]
    [InlineData("UPDATE capture_fields SET origin = 'amend' WHERE field = 'title' AND capture_rowid = (SELECT rowid FROM captures WHERE id = $id)", "field title")]
    [InlineData("UPDATE capture_fields SET event_index = event_index + 100 WHERE field = 'title' AND capture_rowid = (SELECT rowid FROM captures WHERE id = $id)", "field title's event")]
    [InlineData("DELETE FROM capture_fields WHERE field = 'publisher' AND capture_rowid = (SELECT rowid FROM captures WHERE id = $id)", "field publisher")]
    [InlineData("INSERT INTO capture_fields(capture_rowid, field, value, origin, event_index) SELECT rowid, 'reliability', '\"A1\"', 'amend', 1 FROM captures WHERE id = $id", "field reliability")]
    [InlineData("UPDATE captures SET tags = char(10) || 'forged' || char(10) WHERE id = $id", "tags column")]
    [InlineData("UPDATE captures SET original_name = 'innocent.txt' WHERE id = $id", "original file name")]
    [InlineData("UPDATE captures SET media_type = 'text/plain' WHERE id = $id", "media type")]
    [InlineData("UPDATE captures SET ingest_agent = 'someone-else' WHERE id = $id", "ingesting agent")]
    [InlineData("UPDATE captures SET ingested_at = '2019-01-01T00:00:00.000Z' WHERE id = $id", "ingest time")]
    [InlineData("UPDATE captures SET extractor_version = '0.0' WHERE id = $id", "extractor")]
    [InlineData("UPDATE captures SET text_length = text_length + 1 WHERE id = $id", "text length")]
    [InlineData("UPDATE captures SET page_starts = '[0,5]' WHERE id = $id", "page count")]
    [InlineData("UPDATE sources SET source_url = 'https://forged.example/' WHERE id = (SELECT source_id FROM captures WHERE id = $id)", "address of source")]
    [InlineData("UPDATE captures SET withdrawn = 1 WHERE id = $id", "no event in the log withdrew it")]
    public void Verify_CatalogEditedBehindTheLog_NamesTheCaptureAndWhatDiffers(string edit, string named)
    {
        var (page, _) = IngestPair();
        Assert.True(Verify().IsOk);
        Execute(edit, page);

        var report = Verify();

        var problem = Assert.Single(report.Problems);
        Assert.Equal(("catalog", ItemStatus.Changed, page), (problem.Kind, problem.Status, problem.Id));
        Assert.Contains(named, problem.Detail, StringComparison.Ordinal);
        // The title shown is the catalog's own, as a reader of the catalog sees it (forged, where the title was).
        Assert.NotNull(problem.Title);
    }

    [Theory]
    [InlineData("prison; hasakah")]
    [InlineData("hasakah; prison; سجن غويران")]
    [InlineData("prison; hasakah; سجن")]
    [InlineData("prison;hasakah;سجن غويران")]
    [InlineData("Prison; hasakah; سجن غويران")]
    public void Verify_TagsColumnNotTheAmendedList_NamesTheTagsColumn(string held)
    {
        var (page, _) = IngestPair();
        _archive.Services.Amender.Amend(CaptureId.Parse(page), [new("tags", "prison; Hasakah; سجن غويران")], "test-agent");
        Assert.True(Verify().IsOk);
        // The column as the writers store a list: one item a line, between newlines.
        Execute("UPDATE captures SET tags = char(10) || replace($held, '; ', char(10)) || char(10) WHERE id = $id", page, parameters: ("$held", held));

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("tags column", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("\nprison\nhasakah\nسجن غويران\n", problem.Expected);
    }

    [Fact]
    public void Verify_ValuesWrittenWithEscapes_AreComparedAsTheirText()
    {
        // A file name and title with quotes and a backslash: the log writes them escaped, the catalog as text.
        var page = _archive.WriteInput("say \"no\" \\ back.html", """
            <html><head><title>The "Ghweiran" prison \ day two</title></head><body><p>Fighting continued.</p></body></html>
            """);
        var id = Assert.Single(_archive.Ingest(page)).CaptureId!.Value.Value;
        Assert.True(Verify().IsOk, string.Join("; ", Verify().Problems));
        Execute("UPDATE captures SET original_name = 'say \\\"no\\\" \\\\ back.html' WHERE id = $id", id);

        var problem = Assert.Single(Verify().Problems);

        Assert.Contains("original file name", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("say \"no\" \\ back.html", problem.Expected);
    }

    [Fact]
    public void Verify_EveryCaptureEdited_NamesEachOne()
    {
        // Enough captures to fill every rowid range the check reads on its own core, found out of id order.
        var notes = Enumerable.Range(0, 24).Select(i => _archive.WriteInput($"note-{i}.txt", $"Note {i} on the Hasakah prison.\n")).ToArray();
        var ids = _archive.Ingest(notes).Select(o => o.CaptureId!.Value.Value).ToHashSet();
        Assert.Equal(24, ids.Count);
        Assert.True(Verify().IsOk);
        Execute("UPDATE captures SET ingest_agent = 'someone-else' WHERE $id IS NOT NULL", "all", rows: 24);

        var problems = Verify().Problems;

        Assert.Equal(24, problems.Count);
        Assert.All(problems, p => Assert.Contains("ingesting agent", p.Detail, StringComparison.Ordinal));
        Assert.Equal(ids, problems.Select(p => p.Id!).ToHashSet());
        // In id order, as the report lists them.
        Assert.Equal(problems.Select(p => p.Id).Order(StringComparer.Ordinal), problems.Select(p => p.Id));
    }

    [Fact]
    public void Verify_AmendedFieldEditedBackInTheCatalog_NamesTheAmendingEvent()
    {
        var (page, _) = IngestPair();
        var amended = Assert.Single(_archive.Services.Amender.Amend(CaptureId.Parse(page), [new("publisher", "North Press")], "test-agent"));
        Execute("UPDATE capture_fields SET value = '\"Hawar News\"' WHERE field = 'publisher' AND capture_rowid = (SELECT rowid FROM captures WHERE id = $id)", page);
        Execute("UPDATE captures SET publisher = 'Hawar News' WHERE id = $id", page);

        var problems = Verify().Problems;

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains($"metadata-amended event {amended.Index}", p.Detail, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Expected == "\"North Press\" (amend)" && p.Actual == "\"Hawar News\" (amend)");
        Assert.Contains(problems, p => p.Expected == "North Press" && p.Actual == "Hawar News");
    }

    [Fact]
    public void Verify_CaptureRowWithNoIngestedEvent_IsUntracked()
    {
        var (page, _) = IngestPair();
        // A capture row copied in under another id: its blobs exist, and the log never ingested it.
        Execute("""
            INSERT INTO captures(id, source_id, size, media_type, original_name, ingested_at, ingest_agent, text_sha256, text_length,
                text_bytes, extractor, extractor_version, extractor_settings, page_starts, title)
            SELECT 'sha256:' || substr(text_sha256, 8), source_id, text_bytes, 'text/plain', 'copy.txt', ingested_at, ingest_agent,
                text_sha256, text_length, text_bytes, extractor, extractor_version, extractor_settings, page_starts, 'Copied row'
            FROM captures WHERE id = $id
            """, page);

        var problems = Verify().Problems.Where(p => p.Kind == "catalog").ToList();

        Assert.Contains(problems, p => p.Status == ItemStatus.Untracked && p.Detail == "capture has no ingested event in the log" && p.Title == "Copied row");
    }

    [Fact]
    public void Verify_CaptureRowDeleted_IsMissingAndNamesItsIngestedEvent()
    {
        var (_, note) = IngestPair();
        var ingested = _archive.Services.LogService.Events().Single(e => e.Type == "ingested" && e.CaptureId?.Value == note);
        Execute("DELETE FROM capture_fields WHERE capture_rowid = (SELECT rowid FROM captures WHERE id = $id)", note, rows: -1);
        Execute("DELETE FROM captures WHERE id = $id", note);

        var problems = Verify().Problems.Where(p => p.Kind == "catalog").ToList();

        var missing = Assert.Single(problems);
        Assert.Equal((ItemStatus.Missing, note), (missing.Status, missing.Id));
        Assert.Contains($"ingested event {ingested.Index}", missing.Detail, StringComparison.Ordinal);
    }

    /// <summary>An HTML page with a title, publisher and canonical address, and a plain-text note.</summary>
    private (string Page, string Note) IngestPair()
    {
        var page = _archive.WriteInput("attack.html", """
            <html><head><title>Hasakah prison attack, day two</title>
            <meta property="og:site_name" content="Hawar News">
            <link rel="canonical" href="https://news.example/hasakah-day-two">
            </head><body><p>Fighting continued around the Ghweiran prison on the second day.</p></body></html>
            """);
        var note = _archive.WriteInput("note.txt", "A researcher's note on the Sina'a prison.\n");
        var outcomes = _archive.Ingest(page, note);
        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Ingested, o.Status));
        return (outcomes[0].CaptureId!.Value.Value, outcomes[1].CaptureId!.Value.Value);
    }

    private void Execute(string sql, string captureId, int rows = 1, (string Name, string Value)? parameters = null)
    {
        using var raw = _archive.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", captureId);
        if (parameters is { } extra)
        {
            command.Parameters.AddWithValue(extra.Name, extra.Value);
        }

        var changed = command.ExecuteNonQuery();
        if (rows >= 0)
        {
            Assert.Equal(rows, changed);
        }
    }

    private VerificationReport Verify()
    {
        var verifier = _archive.Services.Verifier;
        verifier.KeptEventBytes = KeptEventBytes;
        return verifier.Verify("test-auditor", record: false, null, CancellationToken.None);
    }
}

/// <summary>The same checks with no event bytes kept by the log read: every capture's events are read again by index.</summary>
public sealed class CatalogAgainstLogRereadTests : CatalogAgainstLogTests
{
    protected override long KeptEventBytes => 0;
}

/// <summary>The same checks with a budget the first events fill: some of a capture's events kept by the log read, the rest read again.</summary>
public sealed class CatalogAgainstLogPartlyKeptTests : CatalogAgainstLogTests
{
    protected override long KeptEventBytes => 1_500;
}
