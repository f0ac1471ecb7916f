using System.Text;
using System.Text.Json;
using Archive.Core.Provenance;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

/// <summary>The reader verify's catalog check uses picks out an event's members as they are written, escapes and all.</summary>
public sealed class CaptureEventReaderTests
{
    [Fact]
    public void Scan_IngestedEvent_GivesEachMemberAndEveryMetadataField()
    {
        const string json = """{"agent":"ali \"the\" auditor","data":{"media_type":"text/html","metadata":{"notes":{"origin":"sidecar","value":{"a":["]","[\"x"]}},"tags":{"origin":"sidecar","value":["prison","}\\","سجن"]},"title\"x":{"origin":"html:title","value":"Hasakah"}},"original_name":"a.html","size":42,"source":"hasakah","source_version":1},"index":0,"time":"2026-01-20T10:00:00.0000000Z","type":"ingested"}""";

        var (reader, buffer) = Read(json, offset: 7);

        Assert.True(reader.RootIsObject);
        Assert.Equal("ingested", reader.Type.GetString());
        Assert.Equal("ali \"the\" auditor", reader.Agent.GetString());
        Assert.True(reader.Agent.ValueEquals("ali \"the\" auditor"u8));
        Assert.False(reader.Agent.ValueEquals("ali \\\"the\\\" auditor"u8));
        Assert.Equal(42, reader.Size.Int64);
        Assert.Equal(1, reader.SourceVersion.Int64);
        Assert.Equal("\"2026-01-20T10:00:00.0000000Z\"", Encoding.UTF8.GetString(reader.Time.Raw));
        Assert.Equal(3, reader.FieldCount);
        Assert.True(reader.FieldsComplete);
        Assert.Equal(["notes", "tags", "title\"x"], reader.Fields[..3].Select(f => f.Name.GetString()));
        Assert.Equal("""{"a":["]","[\"x"]}""", reader.Fields[0].Value.RawText);
        Assert.Equal("""["prison","}\\","سجن"]""", reader.Fields[1].Value.RawText);
        Assert.Equal("\"Hasakah\"", reader.Fields[2].Value.RawText);
        Assert.Equal("html:title", reader.Fields[2].Origin.GetString());
        Assert.NotNull(buffer);
    }

    [Fact]
    public void Scan_TextExtractedAndAmendedEvents_GiveTheirData()
    {
        var (text, _) = Read("""{"data":{"bytes":10,"extractor":{"name":"pdf","settings":"x=1","version":"2"},"length":9,"pages":3},"type":"text-extracted"}""", 0);
        Assert.Equal((9L, 10L, 3L), (text.Length.Int64, text.Bytes.Int64, text.Pages.Int64));
        Assert.Equal(("pdf", "2", "x=1"), (text.ExtractorName.GetString(), text.ExtractorVersion.GetString(), text.ExtractorSettings.GetString()));

        var (amended, _) = Read("""{"data":{"field":"tags","new":["a","b"],"old":null,"origin":"amend"},"type":"metadata-amended"}""", 3);
        Assert.Equal(("tags", "amend", """["a","b"]"""), (amended.Field.GetString(), amended.Origin.GetString(), amended.New.RawText));

        var (cleared, _) = Read("""{"data":{"field":"tags","new":null,"old":["a"],"origin":"amend"},"type":"metadata-amended"}""", 0);
        Assert.Equal(JsonTokenType.Null, cleared.New.Kind);
    }

    [Theory]
    [InlineData("""{"data":{"metadata":{"title":"not an object"}},"type":"ingested"}""")]
    [InlineData("""{"data":{"metadata":{"title":{"value":"no origin"}}},"type":"ingested"}""")]
    [InlineData("""{"data":{"metadata":{"title":{"origin":7,"value":"x"}}},"type":"ingested"}""")]
    [InlineData("""{"data":{"metadata":{"title":{"origin":"x"}}},"type":"ingested"}""")]
    public void Scan_MetadataFieldOfAnotherShape_IsNotComplete(string json)
    {
        var (reader, _) = Read(json, 0);

        Assert.False(reader.FieldsComplete);
    }

    [Fact]
    public void Scan_MembersOfTheSameNameElsewhere_AreNotTaken()
    {
        // "size" and "agent" inside metadata values, and a top-level "size", are not data's own.
        var (reader, _) = Read("""{"agent":"a","data":{"metadata":{"size":{"origin":"o","value":{"agent":"b","size":9}}}},"size":5,"type":"ingested"}""", 0);

        Assert.Equal(JsonTokenType.None, reader.Size.Kind);
        Assert.Equal("a", reader.Agent.GetString());
        Assert.Equal("size", reader.Fields[0].Name.GetString());
    }

    private static (CaptureEventReader Reader, byte[] Buffer) Read(string json, int offset)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var buffer = new byte[offset + bytes.Length];
        bytes.CopyTo(buffer, offset);
        var reader = new CaptureEventReader { Buffer = buffer, Offset = offset, Fields = new LoggedField[1] };
        Assert.NotEqual(JsonScan.Invalid, CanonicalJson.Scan(buffer.AsSpan(offset), ref reader));
        return (reader, buffer);
    }
}
