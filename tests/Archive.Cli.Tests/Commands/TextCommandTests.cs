namespace Archive.Cli.Tests.Commands;

public sealed class TextCommandTests : IDisposable
{
    private const string Text = "The prison at Hasakah was attacked at night.";

    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Text_RangeWithJson_PrintsThePassageAndItsOffsets()
    {
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("note.txt", Text)).ExitCode);
        var capture = _archive.RunJson("list")["items"]![0]!;
        var id = capture["id"]!.GetValue<string>();

        var passage = _archive.RunJson("text", id[7..19], "--from", "14", "--to", "21");

        Assert.Equal(id, passage["id"]!.GetValue<string>());
        Assert.Equal(capture["text_sha256"]!.GetValue<string>(), passage["text_sha256"]!.GetValue<string>());
        Assert.Equal(14, passage["start"]!.GetValue<int>());
        Assert.Equal(21, passage["end"]!.GetValue<int>());
        Assert.Equal(Text.Length, passage["length"]!.GetValue<int>());
        Assert.Equal("Hasakah", passage["text"]!.GetValue<string>());
    }
}
