using Archive.Core.Ingestion;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Search.Engine;

/// <summary>Related captures through Lucene's MoreLikeThis on a real index: ranked by shared distinctive words, each with its words.</summary>
public sealed class RelatedFinderTests : IDisposable
{
    private readonly ScratchArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Find_CapturesSharingDistinctiveWords_RankedWithTheWordsTheyShare()
    {
        var grain = Ingest("grain", "Grain silos\nThe grain silos near Qamishli were looted; grain convoys stopped and the silos burned.");
        var silos = Ingest("silos", "Silo report\nInspectors counted the silos: three silos held grain in March.");
        var convoys = Ingest("convoys", "Convoy note\nConvoys on the M4 road were stopped at a checkpoint.");
        var unrelated = Ingest("weather", "Weather\nRain and wind on the coast of Latakia all week.");
        var capture = _archive.Reader.Show(grain)!.Capture;

        var related = _archive.Services.Related.Find(capture, _archive.Reader.ReadText(capture), 10, CancellationToken.None);

        Assert.Equal([silos, convoys], related.Hits.Select(h => h.Id));
        Assert.DoesNotContain(related.Hits, h => h.Id == unrelated || h.Id == grain);
        Assert.Equal(["grain", "silo"], related.Hits[0].SharedTerms.Order(StringComparer.Ordinal));
        // "were" is not in Lucene's short English stop list (33 words), but is an English function word: not shared.
        Assert.Equal(["convoi", "stop"], related.Hits[1].SharedTerms.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("were", related.Terms);
        Assert.DoesNotContain("the", related.Terms);
        Assert.True(related.Hits[0].Score > related.Hits[1].Score);
    }

    [Fact]
    public void Find_OnlyCapture_FindsNothing()
    {
        var alone = Ingest("alone", "Alone\nA single capture has nothing to be related to.");
        var capture = _archive.Reader.Show(alone)!.Capture;

        var related = _archive.Services.Related.Find(capture, _archive.Reader.ReadText(capture), 10, CancellationToken.None);

        Assert.Empty(related.Terms);
        Assert.Empty(related.Hits);
    }

    [Fact]
    public void Find_TokenFired_StopsWithOperationCanceled()
    {
        var grain = Ingest("grain", "Grain silos\nThe grain silos near Qamishli were looted.");
        Ingest("silos", "Silo report\nInspectors counted the silos: three silos held grain.");
        var capture = _archive.Reader.Show(grain)!.Capture;

        Assert.ThrowsAny<OperationCanceledException>(() => _archive.Services.Related.Find(capture, _archive.Reader.ReadText(capture), 10, new CancellationToken(canceled: true)));
    }

    private CaptureId Ingest(string name, string text)
    {
        var outcome = Assert.Single(_archive.Ingest(_archive.WriteInput(name + ".txt", text + "\n")));
        Assert.Equal(IngestStatus.Ingested, outcome.Status);
        return outcome.CaptureId!.Value;
    }
}
