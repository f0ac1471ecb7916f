using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Search.Engine;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Catalog;

/// <summary>A withdrawal: a signed event with its reason, the capture left out of searches, nothing deleted, verify following it.</summary>
public sealed class WithdrawerTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Withdraw_Capture_LeftOutOfSearchAndRelatedButStillShownWithItsReason()
    {
        var kept = Ingest("Grain silos\nThe grain silos near Qamishli were looted; grain convoys stopped.");
        var withdrawn = Ingest("Silo report\nInspectors counted the grain silos near Qamishli in March.");
        Ingest("Weather\nRain and wind on the coast of Latakia all week.");
        Assert.Equal(2, Search("silos").Hits.Count);

        var logged = _archive.Services.Withdrawer.Withdraw(withdrawn, "  a duplicate of a fuller copy  ", "test-archivist");

        Assert.Equal(EventType.Withdrawn, logged.Type);
        var said = JsonNode.Parse(logged.Json)!;
        Assert.Equal("a duplicate of a fuller copy", said["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("test-archivist", said["agent"]!.GetValue<string>());
        Assert.Equal(kept, Assert.Single(Search("silos").Hits).Id);
        var keptCapture = _archive.Reader.Show(kept)!.Capture;
        Assert.DoesNotContain(_archive.Services.Related.Find(keptCapture, _archive.Reader.ReadText(keptCapture), 10, CancellationToken.None).Hits, h => h.Id == withdrawn);
        var detail = _archive.Reader.Show(withdrawn)!;
        Assert.True(detail.Capture.Withdrawn);
        Assert.False(keptCapture.Withdrawn);
        Assert.Contains("Inspectors counted", _archive.Reader.ReadText(detail.Capture), StringComparison.Ordinal);
        Assert.True(File.Exists(_archive.Reader.OriginalPath(detail.Capture)));
        Assert.True(_archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None).IsOk);
    }

    [Fact]
    public void Withdraw_Twice_RefusedAndNothingLogged()
    {
        var id = Ingest("Note\nA short note.");
        _archive.Services.Withdrawer.Withdraw(id, "wrong file", "test-archivist");
        var events = _archive.Reader.Show(id)!.Events.Count;

        var error = Assert.Throws<ArchiveException>(() => _archive.Services.Withdrawer.Withdraw(id, "again", "test-archivist"));

        Assert.Equal(ArchiveErrorKind.InvalidInput, error.Kind);
        Assert.Contains("already withdrawn", error.Message, StringComparison.Ordinal);
        Assert.Equal(events, _archive.Reader.Show(id)!.Events.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    [InlineData("navigation page\nOK         all 5 captures verified")]
    [InlineData("a\ttab")]
    [InlineData("reversed \u202Eevil")]
    [InlineData("isolated \u2067text\u2069")]
    [InlineData("line\u2028separator")]
    public void Withdraw_NoOrBadReason_RefusedAndStillSearchable(string reason)
    {
        var id = Ingest("Ledger\nA ledger of detentions.");

        var error = Assert.Throws<ArchiveException>(() => _archive.Services.Withdrawer.Withdraw(id, reason, "test-archivist"));

        Assert.Equal(ArchiveErrorKind.InvalidInput, error.Kind);
        Assert.Equal(id, Assert.Single(Search("ledger").Hits).Id);
        Assert.False(_archive.Reader.Show(id)!.Capture.Withdrawn);
    }

    [Fact]
    public void Withdraw_ArabicReasonWithARightToLeftMark_Kept()
    {
        var id = Ingest("Ledger\nA ledger of detentions.");
        const string Reason = "نسخة مكررة\u200F من البيان (duplicate)";

        var logged = _archive.Services.Withdrawer.Withdraw(id, Reason, "test-archivist");

        Assert.Equal(Reason, JsonNode.Parse(logged.Json)!["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(Reason, _archive.Reader.Show(id)!.Withdrawal!.Reason);
    }

    [Fact]
    public void Withdraw_ReasonTooLong_Refused()
    {
        var id = Ingest("Ledger\nA ledger of detentions.");

        Assert.Throws<ArchiveException>(() => _archive.Services.Withdrawer.Withdraw(id, new string('x', 1001), "test-archivist"));
    }

    [Fact]
    public void Withdraw_UnknownCapture_NotFound()
    {
        var error = Assert.Throws<ArchiveException>(() => _archive.Services.Withdrawer.Withdraw(CaptureId.Parse("sha256:" + new string('0', 64)), "gone", "test-archivist"));

        Assert.Equal(ArchiveErrorKind.NotFound, error.Kind);
    }

    /// <summary>Undoing a withdrawal in SQLite alone (to bring a capture back into searches) is caught by verify.</summary>
    [Fact]
    public void Withdraw_UndoneInTheCatalogAlone_VerifyReportsTheEvent()
    {
        var id = Ingest("Ledger\nA ledger of detentions.");
        var logged = _archive.Services.Withdrawer.Withdraw(id, "withdrawn for the test", "test-archivist");
        using (var raw = _archive.OpenRaw())
        using (var command = raw.CreateCommand())
        {
            command.CommandText = "UPDATE captures SET withdrawn = 0 WHERE id = $id";
            command.Parameters.AddWithValue("$id", id.Value);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var report = _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);

        Assert.False(report.IsOk);
        var problem = Assert.Single(report.Problems, p => p.Kind == "catalog");
        Assert.Equal(("withdrawn", "not withdrawn"), (problem.Expected, problem.Actual));
        Assert.Equal($"the log's withdrawn event {logged.Index} withdrew it, and the catalog no longer marks it withdrawn (it is back in searches)", problem.Detail);
    }

    /// <summary>
    /// Withdrawn while another process holds the index writer (a running reindex): the index still has the capture, and
    /// search, related and the CSV export leave it out all the same, the search saying why; an export's next page starts
    /// after the ranked hits, so a left-out one does not end it early.
    /// </summary>
    [Fact]
    public void Withdraw_WhileAnotherProcessWritesTheIndex_LeftOutAtOnceAndSaidSo()
    {
        var kept = Ingest("Grain silos\nThe grain silos near Qamishli were looted.");
        var withdrawn = Ingest("Silo report\nInspectors counted the grain silos, and inspectors counted again.");
        Ingest("Silo note\nThe grain silos near Qamishli stood empty.");
        using (var held = IndexWriteLock.TryAcquire(_archive.Layout.IndexPath + ".lock", TimeSpan.Zero, TimeProvider.System))
        {
            Assert.NotNull(held);
            _archive.Services.Withdrawer.Withdraw(withdrawn, "a duplicate of a fuller copy", "test-archivist");

            var during = Search("inspectors OR silos");

            Assert.Equal(2, during.Hits.Count);
            Assert.DoesNotContain(during.Hits, h => h.Id == withdrawn);
            Assert.Contains(during.Notes, n => n.StartsWith("1 hit(s) left out: withdrawn after the search index was last brought up to date", StringComparison.Ordinal));
            Assert.DoesNotContain(during.Notes, n => n.Contains("not shown", StringComparison.Ordinal));
            var keptCapture = _archive.Reader.Show(kept)!.Capture;
            Assert.DoesNotContain(_archive.Services.Related.Find(keptCapture, _archive.Reader.ReadText(keptCapture), 10, CancellationToken.None).Hits, h => h.Id == withdrawn);
            var core = _archive.Services;
            var onePerPage = new Searcher(new LuceneBackend(core.Index, SearchLimits.Default.MaxExpansions), core.Index.Analyzer, core.Database, core.Store, core.Clock, core.Layout.AliasesPath, SearchLimits.Default with { MaxPageSize = 1 });
            var export = SearchCsv.Export(onePerPage, new SearchRequest("inspectors OR silos", 10, UseAliases: false));
            Assert.Null(export.Error);
            Assert.Equal(2, export.Exported);
            Assert.DoesNotContain(withdrawn.Short, export.Text, StringComparison.Ordinal);
        }

        var after = Search("inspectors OR silos");
        Assert.Equal(2, after.Total);
        Assert.DoesNotContain(after.Notes, n => n.Contains("left out", StringComparison.Ordinal));
    }

    /// <summary>A brief may still cite a withdrawn source (its quotes verify), with a warning at its first citation that says why it was withdrawn.</summary>
    [Fact]
    public void Check_BriefCitesWithdrawnSource_WarnsOnceAtItsFirstCitation()
    {
        var kept = Ingest("Grain silos\nThe grain silos near Qamishli were looted.");
        var withdrawn = Ingest("Silo report\nInspectors counted the grain silos in March.");
        var logged = _archive.Services.Withdrawer.Withdraw(withdrawn, "a duplicate of a fuller copy", "test-archivist");
        var brief = _archive.WriteInput("brief.md",
            $"---\ntitle: Silos\n---\n\nLooted [@{kept.Short} \"were looted\"].\n\nCounted [@{withdrawn.Short} \"Inspectors counted\"] in [@{withdrawn.Short} \"in March\"].\n");

        var check = _archive.Services.PackBuilder(new Archive.Core.Briefings.ChromiumPdfPrinter()).Check(brief);

        Assert.True(check.IsOk, string.Join("\n", check.Problems));
        Assert.Equal(3, check.Citations.Count);
        var warning = Assert.Single(check.Warnings);
        Assert.Equal((7, 9), (warning.Line, warning.Column));
        Assert.Equal($"{withdrawn.Short} (silo-report) was withdrawn {JsonNode.Parse(logged.Json)!["time"]} by test-archivist (event #{logged.Index}): a duplicate of a fuller copy; its quotes still verify, but searches leave it out", warning.Message);
    }

    private CaptureId Ingest(string text)
    {
        var outcome = Assert.Single(_archive.Ingest(_archive.WriteInput(Guid.NewGuid().ToString("N") + ".txt", text + "\n")));
        return outcome.CaptureId!.Value;
    }

    private SearchResponse Search(string query) => _archive.Services.Searcher.Search(new SearchRequest(query, 10, UseAliases: false));
}
