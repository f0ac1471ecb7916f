using Archive.Core.Search.Semantic;
using Archive.Core.Text;

namespace Archive.Core.Tests.Search.Semantic;

/// <summary>Chunks fit the model, keep their code-point ranges, and together hold every word of the text.</summary>
public sealed class TextChunkerTests
{
    private static readonly ITextEmbedder Model = SharedModel.Embedder;

    [Fact]
    public void Split_TextLongerThanTheModelTakes_ChunksFitAndCoverEveryWordInOrder()
    {
        var text = string.Join(" ", Enumerable.Range(0, 400).Select(i => $"Sentence {i} says the detainees were moved to camp {i % 7}."));

        var chunks = new TextChunker(Model).Split(text);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.InRange(c.Pieces, 1, TextChunker.TargetPieces));
        Assert.All(chunks, c => Assert.InRange(Model.CountPieces(new CodePointMap(text).Slice(c.Start, c.End)), 1, TextChunker.TargetPieces));
        AssertCoversEveryWord(text, chunks);
    }

    [Fact]
    public void Split_OneSentenceLongerThanAChunk_CutBetweenWords()
    {
        var text = string.Join(" ", Enumerable.Repeat("detainees", 700)) + ".";

        var chunks = new TextChunker(Model).Split(text);

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, c => Assert.True(c.Pieces <= TextChunker.TargetPieces));
        AssertCoversEveryWord(text, chunks);
    }

    [Fact]
    public void Split_CharactersOutsideTheBasicPlane_OffsetsInCodePoints()
    {
        var text = "𝐀𝐁 The first sentence. 😀 The second sentence.\nA third line.";

        var chunks = new TextChunker(Model, targetPieces: 8).Split(text);

        var map = new CodePointMap(text);
        Assert.Equal("𝐀𝐁 The first sentence.", map.Slice(chunks[0].Start, chunks[0].End));
        Assert.Equal(0, chunks[0].Start);
        Assert.Equal(22, chunks[0].End);
        AssertCoversEveryWord(text, chunks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    public void Split_BlankText_NoChunks(string text)
    {
        Assert.Empty(new TextChunker(Model).Split(text));
    }

    [Fact]
    public void ForModel_WordOverFiftyCharacters_BrokenSoTheModelStillSeesIt()
    {
        var word = new string('x', 60) + "detainees";
        var text = "The " + word + " escaped.";

        Assert.Equal("The " + new string('x', 50) + " " + new string('x', 10) + "detainees escaped.", MiniLmEmbedder.ForModel(text));
        Assert.True(Model.CountPieces(text) > Model.CountPieces("The escaped."));
        var vectors = Model.Embed([text, "The escaped."], default);
        Assert.NotEqual(vectors[0], vectors[1]);
    }

    [Fact]
    public void Embed_SameTextTwice_SameUnitVector()
    {
        var a = Model.Embed(["Detainees escaped from the facility."], default)[0];
        var b = Model.Embed(["Detainees escaped from the facility."], default)[0];

        Assert.Equal(a, b);
        Assert.Equal(Model.Dimensions, a.Length);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => (double)x * x)), 3);
    }

    /// <summary>The chunks are in order, do not overlap, and every non-space character lies inside one.</summary>
    private static void AssertCoversEveryWord(string text, IReadOnlyList<TextChunk> chunks)
    {
        var map = new CodePointMap(text);
        var covered = new bool[map.Length];
        var last = 0;
        foreach (var chunk in chunks)
        {
            Assert.True(chunk.Start >= last, "chunks overlap or are out of order");
            for (var i = chunk.Start; i < chunk.End; i++)
            {
                covered[i] = true;
            }

            last = chunk.End;
        }

        for (var i = 0; i < map.Length; i++)
        {
            Assert.True(covered[i] || char.IsWhiteSpace(map[i]), $"code point {i} ({map[i]}) is in no chunk");
        }
    }
}
