using Archive.Core.Metadata;
using Archive.Core.Search;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Search;

/// <summary>
/// One capture per language with a chain of its own, each searched through the whole stack (ingest → Lucene.Net
/// index → query): an inflected form finds it by stem, and only the exact wording finds it as a quoted phrase.
/// Expected stems were checked against Lucene's own analyzers for these words.
/// </summary>
public sealed class LanguageSearchTests : IDisposable
{
    private readonly ScratchArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    public static TheoryData<string, string, string, string, string> Languages => new()
    {
        // language, text as written, an inflected query that must find it by stem, the exact phrase, a phrase with a different ending
        { "en", "The detainees escaped from the prison.", "escaping", "\"detainees escaped\"", "\"detainee escape\"" },
        { "ar", "هرب المعتقلون من سجن الصناعة في الحسكة", "والحسكة", "\"سجن الصناعة\"", "\"سجون الصناعة\"" },
        { "fa", "زندانیان از زندان‌ها گریختند", "زندان", "\"زندان‌ها گریختند\"", "\"زندان گریختند\"" },
        { "ckb", "زیندانەکان لە حەسەکە هەڵهاتن", "زیندانەکە", "\"زیندانەکان لە\"", "\"زیندان لە\"" },
        { "tr", "Mahkumlar Haseke'deki cezaevinden kaçtılar.", "cezaevinde", "\"cezaevinden kaçtılar\"", "\"cezaevi kaçtı\"" },
        { "fr", "Les prisonniers se sont évadés de l'armée.", "prisonnier", "\"prisonniers se sont\"", "\"prisonnier se sont\"" },
        { "de", "Die Gefangenen flohen aus dem Gefängnis.", "gefangene", "\"die gefangenen flohen\"", "\"die gefangene flohen\"" },
        { "ru", "Заключенные бежали из тюрьмы в Хасаке.", "заключенный", "\"заключенные бежали\"", "\"заключенный бежали\"" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Search_CaptureInItsLanguage_FoundByStemAndByExactPhraseOnly(string language, string text, string inflected, string phrase, string otherPhrase)
    {
        var id = Ingest(language, text);

        Assert.Equal([id], Ids(inflected));
        Assert.Equal([id], Ids(phrase));
        Assert.Empty(Ids(otherPhrase));
        var why = Assert.Single(_archive.Services.Searcher.Search(new SearchRequest(inflected)).Hits).Why;
        Assert.Contains(why, w => w.StartsWith("stem: ", StringComparison.Ordinal) || w.StartsWith("term: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_SameWordInTwoLanguages_EachCaptureStemmedByItsOwnChain()
    {
        // German light stemming takes "gefangenen" to "gefang"; Porter leaves an English capture's "gefangenen" alone.
        var german = Ingest("de", "Gefangenen");
        var english = Ingest("en", "gefangenen camp");

        Assert.Equal([german], Ids("gefangene"));
        Assert.Equal(new[] { german, english }.Order(), Ids("gefangenen").Order());
    }

    [Fact]
    public void Search_RussianYo_FindsTheSameWordWrittenWithIe()
    {
        var yo = Ingest("ru", "Ёлка стояла на площади.");
        var ie = Ingest("ru", "Новая елка стояла у дома.");

        Assert.Equal(new[] { yo, ie }.Order(), Ids("ёлка").Order());
        Assert.Equal(new[] { yo, ie }.Order(), Ids("елка").Order());
        Assert.Equal([yo], Ids("\"Ёлка стояла на\""));
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("ku-Arab", "ckb")]
    [InlineData("ckb-IQ", "ckb")]
    [InlineData("xx", "default")]
    [InlineData("not a tag", "default")]
    [InlineData(null, "default")]
    public void For_LanguageTag_PicksTheChainOfItsPrimarySubtag(string? tag, string chain)
    {
        Assert.Equal(chain, LanguageChain.For(tag).Name);
    }

    [Theory]
    [InlineData("en", "The detainees escaped; detainees ESCAPED again, escaping.")]
    [InlineData("ar", "هرب المعتقلون من سجن الصناعة والمعتقلون في الحسكة")]
    [InlineData("ru", "Заключенные бежали, заключенные бежали.")]
    public void Analyse_RememberedWord_HasTheStemItsStemmerGives(string language, string text)
    {
        var chain = LanguageChain.For(language);
        var analyzer = new Analyzer();

        var first = analyzer.Tokenize(text, chain);
        var again = analyzer.Tokenize(text, chain);

        Assert.Equal(first, again);
        Assert.All(again, t => Assert.Equal(chain.Stem(t.Term, t.Term), t.Stem));
    }

    [Fact]
    public void Analyse_ChainThatReadsTheWordAsWritten_IsNotAnsweredFromMemory()
    {
        // French elides "l'" from the word as written; "larmee" and "l'armée" fold alike but must stem apart.
        var french = LanguageChain.For("fr");
        var analyzer = new Analyzer();

        var plain = Assert.Single(analyzer.Tokenize("larmee", french));
        var elided = Assert.Single(analyzer.Tokenize("l'armée", french));
        var plainAgain = Assert.Single(analyzer.Tokenize("larmee", french));

        Assert.Equal(plain.Term, elided.Term);
        Assert.NotEqual(plain.Stem, elided.Stem);
        Assert.Equal(plain.Stem, plainAgain.Stem);
    }

    [Fact]
    public void Search_UnknownLanguage_UsesTheDefaultChain()
    {
        var id = Ingest("sw", "Wafungwa walitoroka gerezani; the prisoners escaped.");

        Assert.Equal([id], Ids("escaping"));
    }

    private CaptureId Ingest(string language, string text)
    {
        var path = _archive.WriteInput(Guid.NewGuid().ToString("N") + ".txt", text + "\n");
        var metadata = MetadataInput.Fields([new("language", language)], FieldOrigin.Cli, "--meta ");
        var outcome = Assert.Single(_archive.Ingest([path], metadata, null));
        return outcome.CaptureId!.Value;
    }

    private List<CaptureId> Ids(string query)
    {
        var response = _archive.Services.Searcher.Search(new SearchRequest(query));
        Assert.Null(response.Error);
        return response.Hits.Select(h => h.Id).ToList();
    }
}
