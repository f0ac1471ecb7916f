using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Metadata;

namespace Archive.Core.Tests.Ingestion;

/// <summary>Uploads are ingested from their stream: hashed into the store as they arrive, with no temporary folder.</summary>
public sealed class IngestUploadTests : IDisposable
{
    private static readonly Dictionary<string, FieldValue> NoMetadata = new(StringComparer.Ordinal);
    private readonly TempArchive _archive = new();

    [Fact]
    public async Task IngestUpload_TextStream_IngestedWithUploadNameAndSameIdAsTheFile()
    {
        var bytes = Encoding.UTF8.GetBytes("Statement on the Ghweiran prison\n\nDetainees were moved on 21 January.\n");
        using var stream = new MemoryStream(bytes);

        var outcome = await _archive.Services.Ingestor.IngestUploadAsync(stream, "statement.txt", 1_000, NoMetadata, "uploader", CancellationToken.None);

        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        Assert.Equal("upload:statement.txt", outcome.Path);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), outcome.CaptureId?.Value);
        var capture = _archive.Reader.Show(outcome.CaptureId!.Value)!.Capture;
        Assert.Equal("statement.txt", capture.OriginalName);
        Assert.Equal("Statement on the Ghweiran prison", capture.Title);
        var ingested = _archive.Services.LogService.Events().Single(e => e.Type == "ingested");
        Assert.Contains("\"path\":\"upload:statement.txt\"", ingested.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestUpload_SameBytesTwice_SecondIsDuplicate()
    {
        var bytes = Encoding.UTF8.GetBytes("One text, uploaded twice.\n");

        var first = await _archive.Services.Ingestor.IngestUploadAsync(new MemoryStream(bytes), "a.txt", 1_000, NoMetadata, "uploader", CancellationToken.None);
        var second = await _archive.Services.Ingestor.IngestUploadAsync(new MemoryStream(bytes), "b.txt", 1_000, NoMetadata, "uploader", CancellationToken.None);

        Assert.Equal(IngestStatus.Ingested, first.Status);
        Assert.Equal(IngestStatus.Duplicate, second.Status);
        Assert.Equal(first.CaptureId, second.CaptureId);
    }

    [Fact]
    public async Task IngestUpload_LongerThanLimit_RejectedAndNothingKept()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 2_000) + "\n"));

        var outcome = await _archive.Services.Ingestor.IngestUploadAsync(stream, "big.txt", 1_000, NoMetadata, "uploader", CancellationToken.None);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Equal("the upload is larger than 1000 bytes", outcome.Reason);
        Assert.Empty(_archive.StoredFiles());
        Assert.Empty(_archive.Reader.List());
    }

    [Fact]
    public async Task IngestUpload_BinaryNamedTxt_RejectedAndNothingKept()
    {
        using var stream = new MemoryStream([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]);

        var outcome = await _archive.Services.Ingestor.IngestUploadAsync(stream, "data.txt", 1_000, NoMetadata, "uploader", CancellationToken.None);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Empty(_archive.StoredFiles());
    }

    [Fact]
    public async Task IngestUpload_UnsupportedExtension_RejectedBeforeReading()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("MZ"));

        var outcome = await _archive.Services.Ingestor.IngestUploadAsync(stream, "tool.exe", 1_000, NoMetadata, "uploader", CancellationToken.None);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.StartsWith("unsupported file type '.exe'", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, stream.Position);
    }

    public void Dispose() => _archive.Dispose();
}
