using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;
using Archive.Core.Text;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Search.Semantic;

/// <summary>
/// Search by meaning through the whole stack: ingest → <c>EmbedWaiting</c> (the real model) → vectors.db → a search
/// that fuses BM25 with the vectors. The report that says "detainees escaped from the facility" is found by
/// "inmates fled the prison", says it matched by meaning, and cites its closest passage exactly.
/// </summary>
public sealed class SemanticSearchTests : IDisposable
{
    private const string Escape = "Detainees escaped from the facility overnight after guards lost control of the gates.";
    private readonly ScratchArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Hybrid_ParaphraseWithNoSharedWord_FoundByMeaningWithAnExactPassage()
    {
        var escape = Ingest("en", "Weekly report.\n\n" + Escape);
        Ingest("en", "The price of wheat rose in March as the harvest failed across the region.");
        Ingest("en", "The football season ended with a draw between the two city clubs.");
        _archive.Services.Semantic.EmbedWaiting(null, default);

        var response = Search("inmates fled prison");

        Assert.Equal("hybrid", response.Mode);
        var hit = response.Hits[0];
        Assert.Equal(escape, hit.Id);
        Assert.NotNull(hit.Meaning);
        Assert.Contains(hit.Why, w => w.StartsWith("meaning: ", StringComparison.Ordinal) && w.EndsWith(" similar", StringComparison.Ordinal));
        var passage = Assert.Single(hit.Passages);
        Assert.EndsWith(Escape, passage.Text, StringComparison.Ordinal); // the whole chunk: both short paragraphs fit one
        var text = Text(escape);
        Assert.Equal(passage.Text, new CodePointMap(text).Slice(passage.Start, passage.End));
        Assert.Equal("meaning", Assert.Single(passage.Matches).Reason);
        Assert.DoesNotContain(response.Hits, h => h.Id != escape && h.Meaning is not null && h.Score >= hit.Score);
    }

    [Fact]
    public void Hybrid_PagesOfTwo_SameOrderAndTotalAsOnePage()
    {
        // Words that match some texts more often than others, paraphrases that match only by meaning, and texts on
        // other subjects: the fused order is computed per page from the best BM25 matches, and must not depend on it.
        Ingest("en", Escape);
        Ingest("en", "Prisoners escaped. The prison escape was the second this year; prison guards were arrested.");
        Ingest("en", "Inmates broke out of the jail at night and fled towards the border.");
        for (var i = 0; i < 8; i++)
        {
            Ingest("en", $"Bulletin {i}: the prison {string.Concat(Enumerable.Repeat("council met and the prison ", i))}budget was discussed.");
        }

        Ingest("en", "The price of wheat rose in March as the harvest failed across the region.");
        Ingest("en", "The football season ended with a draw between the two city clubs.");
        _archive.Services.Semantic.EmbedWaiting(null, default);

        var whole = _archive.Services.Searcher.Search(new SearchRequest("prison OR escape", Limit: 100, Mode: SearchMode.Hybrid, PassagesPerHit: 0));
        var paged = new List<CaptureId>();
        for (var offset = 0; offset < whole.Total + 2; offset += 2)
        {
            var page = _archive.Services.Searcher.Search(new SearchRequest("prison OR escape", Limit: 2, Offset: offset, Mode: SearchMode.Hybrid, PassagesPerHit: 0));
            Assert.Equal("hybrid", page.Mode);
            Assert.Equal(whole.Total, page.Total);
            paged.AddRange(page.Hits.Select(h => h.Id));
        }

        Assert.Equal("hybrid", whole.Mode);
        Assert.True(whole.Total >= 10, $"total {whole.Total}");
        Assert.Contains(whole.Hits, h => h.Meaning is not null);
        Assert.Equal(whole.Hits.Select(h => h.Id), paged);
    }

    [Fact]
    public void Lexical_SameQuery_DoesNotFindTheParaphrase()
    {
        Ingest("en", Escape);
        _archive.Services.Semantic.EmbedWaiting(null, default);

        var response = Search("inmates fled prison", SearchMode.Lexical);

        Assert.Equal("lexical", response.Mode);
        Assert.Empty(response.Hits);
    }

    [Fact]
    public void Semantic_OnlyCloseTextsMatch_RankedBySimilarity()
    {
        var escape = Ingest("en", Escape);
        Ingest("en", "The football season ended with a draw between the two city clubs.");
        _archive.Services.Semantic.EmbedWaiting(null, default);

        var response = Search("prisoners broke out of jail", SearchMode.Semantic);

        Assert.Equal("semantic", response.Mode);
        Assert.Equal([escape], response.Hits.Select(h => h.Id));
        Assert.Equal(1, response.Total);
    }

    /// <summary>A capture withdrawn after its text was embedded is left out of search by meaning too (its vectors stay).</summary>
    [Fact]
    public void Semantic_WithdrawnAfterEmbedding_LeftOut()
    {
        var escape = Ingest("en", Escape);
        Ingest("en", "The football season ended with a draw between the two city clubs.");
        _archive.Services.Semantic.EmbedWaiting(null, default);
        Assert.Equal([escape], Search("prisoners broke out of jail", SearchMode.Semantic).Hits.Select(h => h.Id));

        _archive.Services.Withdrawer.Withdraw(escape, "withdrawn for the test", "test-archivist");

        foreach (var mode in new[] { SearchMode.Semantic, SearchMode.Hybrid })
        {
            var response = Search("prisoners broke out of jail", mode);
            Assert.DoesNotContain(response.Hits, h => h.Id == escape);
            Assert.Equal(mode == SearchMode.Semantic ? 0 : response.Hits.Count, response.Total);
        }
    }

    [Fact]
    public void Hybrid_ArabicTextAndQuery_StayLexicalAndSaySo()
    {
        var arabic = Ingest("ar", "هرب المعتقلون من سجن الصناعة في الحسكة");
        Ingest("en", Escape);
        var result = _archive.Services.Semantic.EmbedWaiting(null, default);

        Assert.Equal(1, result.Lexical);
        Assert.Equal(1, result.Texts);
        var response = Search("سجن", SearchMode.Hybrid);
        Assert.Equal("lexical", response.Mode);
        Assert.Equal([arabic], response.Hits.Select(h => h.Id));
        Assert.Contains(response.Notes, n => n.StartsWith("meaning not used: the query is not in English", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"detainees escaped\"")]
    [InlineData("detainees AND NOT wheat")]
    [InlineData("title:detainees")]
    [InlineData("detain*")]
    [InlineData("detainees~1")]
    public void Hybrid_QueryWithOperators_StaysLexical(string query)
    {
        Ingest("en", Escape);
        _archive.Services.Semantic.EmbedWaiting(null, default);

        var asked = Search(query, SearchMode.Hybrid);
        var byDefault = Search(query);

        Assert.Equal("lexical", asked.Mode);
        Assert.Contains(asked.Notes, n => n.StartsWith("meaning not used: the query has operators", StringComparison.Ordinal));
        Assert.Equal("lexical", byDefault.Mode);
        Assert.DoesNotContain(byDefault.Notes, n => n.StartsWith("meaning", StringComparison.Ordinal));
    }

    [Fact]
    public void Hybrid_NothingEmbeddedYet_LexicalAndNoModelLoaded()
    {
        Ingest("en", Escape);

        var response = Search("detainees", SearchMode.Hybrid);

        Assert.Equal("lexical", response.Mode);
        Assert.Single(response.Hits);
        Assert.Contains(response.Notes, n => n.Contains("archive embed", StringComparison.Ordinal));
        Assert.False(File.Exists(_archive.Layout.VectorsPath));
    }

    [Fact]
    public void Hybrid_FiltersApplyToMeaningMatchesToo()
    {
        Ingest("en", Escape, publisher: "Hawar");
        Ingest("en", "Prisoners broke out of the jail after an attack on its walls.", publisher: "Enab Baladi");
        _archive.Services.Semantic.EmbedWaiting(null, default);

        var response = _archive.Services.Searcher.Search(new SearchRequest("inmates fled", Filters: new SearchFilters { Publishers = ["Hawar"] }));

        Assert.All(response.Hits, h => Assert.Equal("Hawar", h.Publisher));
        Assert.Equal(1, response.Total);
        Assert.Equal(1, response.Facets.Publisher.Single().Count);
    }

    [Fact]
    public void EmbedWaiting_StoppedAfterOneText_NextRunEmbedsTheRestOnce()
    {
        Ingest("en", Escape);
        Ingest("en", "The price of wheat rose in March as the harvest failed.");
        Ingest("en", "The football season ended with a draw.");
        var semantic = _archive.Services.Semantic;

        var first = semantic.EmbedWaiting(null, default, maxTexts: 1);
        var waiting = semantic.Status().Waiting;
        var second = semantic.EmbedWaiting(null, default);
        var third = semantic.EmbedWaiting(null, default);

        Assert.Equal(1, first.Texts);
        Assert.Equal(2, waiting);
        Assert.Equal(2, second.Texts);
        Assert.Equal(0, third.Texts);
        var status = semantic.Status();
        Assert.Equal((3, 0), (status.Embedded, status.Waiting));
        Assert.Equal(status.Chunks, ChunkRows());
    }

    [Fact]
    public void Vectors_OneChangedOnDisk_DetectedRemovedAndEmbeddedAgain()
    {
        var escape = Ingest("en", Escape);
        _archive.Services.Semantic.EmbedWaiting(null, default);
        using (var connection = OpenVectors())
        using (var command = connection.CreateCommand())
        {
            // Flip one byte of a stored vector, as a disk error or a hand edit would.
            command.CommandText = "UPDATE vector_chunks SET vector = zeroblob(length(vector)) WHERE seq = 0";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var status = _archive.Services.Semantic.Status();
        Assert.Single(status.Broken);
        Assert.Equal(1, status.Waiting);
        Assert.Equal("lexical", Search("inmates fled prison", SearchMode.Hybrid).Mode);

        _archive.Services.Semantic.EmbedWaiting(null, default);
        Assert.Equal(escape, Search("inmates fled prison").Hits[0].Id);
        Assert.Empty(_archive.Services.Semantic.Status().Broken);
    }

    [Fact]
    public void Vectors_TextEmbeddedAfterARead_AddedToACopyWithoutReadingTheRestAgain()
    {
        Ingest("en", Escape);
        var semantic = _archive.Services.Semantic;
        semantic.EmbedWaiting(null, default);
        var first = semantic.Vectors();
        Ingest("en", "The price of wheat rose in March as the harvest failed.");
        semantic.EmbedWaiting(null, default);

        var searchesSee = semantic.Vectors();
        var fresh = semantic.Vectors(fresh: true);

        Assert.Same(first, searchesSee); // within the delay, searches keep the set they have
        Assert.Equal(1, first.Texts);
        Assert.Equal(2, fresh.Texts);
        Assert.Equal(semantic.Status().Chunks, fresh.Chunks);
    }

    [Fact]
    public void Vectors_FileNotADatabase_MadeAgainFromTheTexts()
    {
        Ingest("en", Escape);
        _archive.Services.Semantic.EmbedWaiting(null, default);
        SqliteConnection.ClearAllPools();
        File.WriteAllBytes(_archive.Layout.VectorsPath, new byte[8192]);
        File.Delete(_archive.Layout.VectorsPath + "-wal");

        Assert.Equal(1, _archive.Services.Semantic.Status().Waiting);
        _archive.Services.Semantic.EmbedWaiting(null, default);
        Assert.Equal(0, _archive.Services.Semantic.Status().Waiting);
    }

    [Fact]
    public void EmbedWaiting_EmptyTextAndLongText_NothingDroppedSilently()
    {
        var sentences = Enumerable.Range(0, 300).Select(i => $"In week {i} the detainees were counted again at the camp.");
        var text = string.Join(" ", sentences);
        var id = Ingest("en", text);
        var result = _archive.Services.Semantic.EmbedWaiting(null, default);

        Assert.True(result.Chunks > 10, $"{result.Chunks} chunks for a text of {text.Length} characters");
        using var connection = OpenVectors();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start, end FROM vector_chunks ORDER BY seq";
        using var reader = command.ExecuteReader();
        var stored = Text(id);
        var covered = 0;
        while (reader.Read())
        {
            covered += new CodePointMap(stored).Slice(reader.GetInt32(0), reader.GetInt32(1)).Count(c => !char.IsWhiteSpace(c));
        }

        Assert.Equal(stored.Count(c => !char.IsWhiteSpace(c)), covered);
    }

    [Fact]
    public void Related_TextWithVectors_FindsTheParaphraseThatSharesNoDistinctiveWord()
    {
        var escape = Ingest("en", Escape);
        var paraphrase = Ingest("en", "Inmates fled the jail at night when wardens could no longer hold the doors.");
        Ingest("en", "The price of wheat rose in March as the harvest failed across the region.");
        _archive.Services.Semantic.EmbedWaiting(null, default);
        var capture = _archive.Reader.Show(escape)!.Capture;

        var related = _archive.Services.Related.Find(capture, Text(escape), 10, default);

        var hit = related.Hits[0];
        Assert.Equal(paraphrase, hit.Id);
        Assert.NotNull(hit.Meaning);
        Assert.DoesNotContain(related.Hits, h => h.Id == escape);
    }

    private SearchResponse Search(string query, SearchMode? mode = null)
    {
        var response = _archive.Services.Searcher.Search(new SearchRequest(query, Mode: mode));
        Assert.Null(response.Error);
        return response;
    }

    private CaptureId Ingest(string language, string text, string? publisher = null)
    {
        var path = _archive.WriteInput(Guid.NewGuid().ToString("N") + ".txt", text + "\n");
        var fields = new List<(string, string)> { ("language", language) };
        if (publisher is not null)
        {
            fields.Add(("publisher", publisher));
        }

        var metadata = MetadataInput.Fields([.. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))], FieldOrigin.Cli, "--meta ");
        return Assert.Single(_archive.Ingest([path], metadata, null)).CaptureId!.Value;
    }

    private string Text(CaptureId id) => _archive.Reader.ReadText(_archive.Reader.Show(id)!.Capture);

    private SqliteConnection OpenVectors()
    {
        var connection = new SqliteConnection($"Data Source={_archive.Layout.VectorsPath}");
        connection.Open();
        return connection;
    }

    private long ChunkRows()
    {
        using var connection = OpenVectors();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM vector_chunks";
        return (long)command.ExecuteScalar()!;
    }
}
