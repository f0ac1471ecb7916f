using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using Archive.Core.Tests.Ingestion;
using Archive.Core.Verification;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Verification;

/// <summary>
/// The log is read in ranges, each on its own connection, then walked in order. Test logs are far shorter than the
/// default range (4,096 events), so these read one real log in ranges of 1 to 7 events and require every result to
/// equal the single-range read: the chain across range edges, the roots, the texts (a re-extraction's later text in a
/// later range), and the same findings for tampering at and beside the edges.
/// </summary>
public sealed class LogScanChunkTests : IDisposable
{
    private static readonly int[] Chunks = [1, 2, 3, 4, 5, 7];

    private readonly TempArchive _archive = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _archive.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Scan_InRangesOfAnySize_EqualsTheSingleRangeRead()
    {
        var (scanned, reextracted) = Build();
        var whole = Scan(null);
        Assert.Empty(whole.Problems);
        Assert.True(whole.Events >= 2 * Chunks[^1], $"only {whole.Events} events");
        Assert.Equal(whole.Events, whole.Next);
        Assert.Equal(["first", "second"], whole.Timestamped.Select(e => TimestampedEvent.Parse(e.Index, e.Json).Serial));
        var current = DigestName.Of(_archive.Reader.Show(reextracted)!.Capture.TextSha256);
        Assert.True(whole.TextByCapture.TryGet(DigestName.Of(reextracted.Value), out var text));
        Assert.Equal(current, text);

        foreach (var chunk in Chunks)
        {
            var parts = Scan(chunk);
            var at = $"ranges of {chunk}";
            Assert.True(parts.Problems.Count == 0, at + ": " + string.Join(" | ", parts.Problems.Select(p => p.Detail)));
            Assert.Equal(whole.Events, parts.Events);
            Assert.Equal(whole.Root, parts.Root);
            Assert.Equal(whole.Roots.OrderBy(r => r.Key).Select(r => (r.Key, Convert.ToHexString(r.Value))), parts.Roots.OrderBy(r => r.Key).Select(r => (r.Key, Convert.ToHexString(r.Value))));
            Assert.Equal(whole.Leaves.Select(Convert.ToHexString), parts.Leaves.Select(Convert.ToHexString));
            Assert.Equal(whole.Named, parts.Named);
            Assert.Equal(whole.KeyChanges, parts.KeyChanges);
            Assert.Equal(whole.Timestamped, parts.Timestamped);
            Assert.Equal(whole.Next, parts.Next);
            Assert.Equal(whole.TextByCapture.Count, parts.TextByCapture.Count);
            foreach (var capture in scanned)
            {
                Assert.True(parts.TextByCapture.TryGet(capture, out var found), at);
                Assert.True(whole.TextByCapture.TryGet(capture, out var expected), at);
                Assert.Equal(expected, found);
            }
        }
    }

    [Theory]
    [InlineData("edit", 0)]
    [InlineData("edit", 2)]
    [InlineData("edit", 3)]
    [InlineData("edit", 4)]
    [InlineData("edit", -1)]
    [InlineData("delete", 3)]
    [InlineData("delete", 4)]
    [InlineData("delete", -1)]
    [InlineData("swap", 2)]
    [InlineData("swap", 3)]
    public void Scan_TamperedAtOrBesideARangeEdge_FindsTheSameInRangesOfAnySize(string tamper, int at)
    {
        Build();
        using (var raw = _archive.OpenRaw())
        {
            var last = Count(raw) - 1;
            var index = at < 0 ? last + 1 + at : at;
            switch (tamper)
            {
                case "edit":
                    Execute(raw, "UPDATE events SET json = replace(json, '\"agent\":\"test-agent\"', '\"agent\":\"someone-else\"') WHERE idx = $i", index);
                    break;
                case "delete":
                    Execute(raw, "DELETE FROM events WHERE idx = $i", index);
                    break;
                default:
                    Execute(raw, "UPDATE events SET idx = -1 WHERE idx = $i; UPDATE events SET idx = $i WHERE idx = $i + 1; UPDATE events SET idx = $i + 1 WHERE idx = -1", index);
                    break;
            }
        }

        var whole = Describe(Scan(null));
        Assert.NotEmpty(whole);
        foreach (var chunk in Chunks)
        {
            Assert.Equal(whole, Describe(Scan(chunk)));
        }
    }

    /// <summary>
    /// A scanned PNG OCRed in Arabic, eleven texts and pages, an amendment and checkpoints, then the PNG re-extracted
    /// in English: its second text-extracted event comes last. Returns every capture and the re-extracted one.
    /// </summary>
    private (List<DigestName> Captures, CaptureId Reextracted) Build()
    {
        var png = _archive.WriteInput("letter.png", File.ReadAllBytes(TestScans.Render(_dir.Path, "letter", "The committee met on Tuesday", 150, "png")));
        var scanned = Assert.Single(_archive.Services.Ingestor.Ingest(
            new IngestRequest([png], new Dictionary<string, FieldValue>(), "test-agent") { Ocr = new OcrOptions(OcrMode.Auto, "ara") }, null, CancellationToken.None));
        _archive.Services.LogService.WriteCheckpoint();
        AppendTimestamped("first");
        var paths = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            paths.Add(_archive.WriteInput($"note-{i}.txt", $"Note {i}: the crossing reopened.\n"));
        }

        for (var i = 0; i < 3; i++)
        {
            paths.Add(_archive.WriteInput($"page-{i}.html", $"<html><head><title>Page {i}</title></head><body><p>Page {i} text.</p></body></html>"));
        }

        Assert.All(_archive.Ingest([.. paths], null, null), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        _archive.Services.LogService.WriteCheckpoint();
        AppendTimestamped("second");
        _archive.Services.Amender.Amend(_archive.Reader.List()[0].Id, [new("reliability", "B2")], "test-agent");
        var id = scanned.CaptureId!.Value;
        Assert.Equal(ReextractStatus.Reextracted, Assert.Single(_archive.Services.Reextractor.Reextract(
            new ReextractRequest([id.Value], "test-agent") { Ocr = new OcrOptions(OcrMode.Auto, "eng") }, null, CancellationToken.None)).Status);
        _archive.Services.LogService.WriteCheckpoint();
        return ([.. _archive.Reader.List().Select(c => DigestName.Of(c.Id.Value))], id);
    }

    /// <summary>A timestamped event (of a token not stored: the scan only gathers these events for the time stamps' check).</summary>
    private void AppendTimestamped(string serial)
    {
        using var connection = _archive.Services.Database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = _archive.Services.Log.BeginAppend(connection, transaction);
        appender.Append(new NewEvent(EventType.Timestamped, null, "test-agent", "ok", new System.Text.Json.Nodes.JsonObject { ["serial"] = serial }));
        appender.Seal();
        transaction.Commit();
    }

    private LogScan Scan(int? chunk)
    {
        using var connection = _archive.Services.Database.Open();
        return LogAuditor.Scan(_archive.Services.Database, connection, CancellationToken.None, chunk);
    }

    private static List<string> Describe(LogScan scan) =>
        [.. scan.Problems.Select(p => $"{p.Kind} {p.Status} {p.LogIndex} {p.Detail}"), $"events {scan.Events}", $"root {Convert.ToHexString(scan.Root)}"];

    private static long Count(SqliteConnection raw)
    {
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection raw, string sql, long index)
    {
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$i", index);
        Assert.True(command.ExecuteNonQuery() > 0, sql);
    }
}
