using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;

namespace Archive.Core.Tests.Ingestion;

/// <summary>Documents given in memory are ingested as the same files with sidecars would be, in one batch.</summary>
public sealed class IngestItemTests : IDisposable
{
    private const string Text = "Statement on the Ghweiran prison\n\nDetainees were moved on 21 January.\n";
    private readonly TempArchive _archive = new();
    private readonly TempArchive _fromFiles = new();
    private readonly TempDirectory _folder = new();

    [Fact]
    public void Ingest_ItemWithTitle_SameCaptureTextAndFieldsAsTheFileWithItsSidecar()
    {
        var file = _folder.Write("0000001.txt", Text);
        _folder.Write("0000001.txt.meta.json", """{"title":"Ghweiran statement"}""");
        var byFile = Assert.Single(_fromFiles.Services.Ingestor.Ingest(new IngestRequest([file], new Dictionary<string, FieldValue>(), "eval"), null, CancellationToken.None));

        var byItem = Assert.Single(_archive.Services.Ingestor.Ingest([Item("0000001.txt", Text, "Ghweiran statement")], "eval", null, CancellationToken.None));

        Assert.Equal(IngestStatus.Ingested, byItem.Status);
        Assert.Equal(byFile.CaptureId, byItem.CaptureId);
        var expected = _fromFiles.Reader.Show(byFile.CaptureId!.Value)!;
        var actual = _archive.Reader.Show(byItem.CaptureId!.Value)!;
        Assert.Equal("Ghweiran statement", actual.Capture.Title);
        Assert.Equal(expected.Capture.TextSha256, actual.Capture.TextSha256);
        Assert.Equal(expected.Fields.ToDictionary(f => f.Key, f => (f.Value.Display, f.Value.Origin)), actual.Fields.ToDictionary(f => f.Key, f => (f.Value.Display, f.Value.Origin)));
        Assert.Equal(byItem.CaptureId, Assert.Single(_archive.Services.Searcher.Search(new("title:ghweiran")).Hits).Id);
    }

    [Fact]
    public void Ingest_BatchWithBinaryUnsupportedAndRepeatedItems_EachGetsItsOutcomeAndOneBlobIsKept()
    {
        var items = new[]
        {
            Item("a.txt", "First report of the day.\n"),
            new IngestItem("b.txt", [0x00, 0x01, 0x02, 0xFF, 0x00, 0x10], new Dictionary<string, FieldValue>()),
            Item("c.exe", "MZ"),
            Item("d.txt", "First report of the day.\n"),
        };

        var outcomes = _archive.Services.Ingestor.Ingest(items, "eval", null, CancellationToken.None);

        Assert.Equal(["a.txt", "b.txt", "c.exe", "d.txt"], outcomes.Select(o => o.Path).Order(StringComparer.Ordinal));
        Assert.Equal(IngestStatus.Ingested, outcomes.Single(o => o.Path == "a.txt").Status);
        Assert.Equal(IngestStatus.Duplicate, outcomes.Single(o => o.Path == "d.txt").Status);
        Assert.Equal(IngestStatus.Rejected, outcomes.Single(o => o.Path == "b.txt").Status);
        Assert.StartsWith("unsupported file type '.exe'", outcomes.Single(o => o.Path == "c.exe").Reason, StringComparison.Ordinal);
        Assert.Single(_archive.StoredFiles());
    }

    private static IngestItem Item(string name, string text, string? title = null)
    {
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (title is not null)
        {
            fields["title"] = new FieldValue(FieldParser.ParseText(MetadataField.Find("title")!, title), FieldOrigin.Sidecar(name + SidecarReader.Suffix));
        }

        return new IngestItem(name, Encoding.UTF8.GetBytes(text), fields);
    }

    public void Dispose()
    {
        _archive.Dispose();
        _fromFiles.Dispose();
        _folder.Dispose();
    }
}
