using Archive.Core.Search.Semantic;

namespace Archive.Core.Tests.Search.Semantic;

public sealed class EnglishTextTests
{
    [Theory]
    [InlineData("en", "anything", true)]
    [InlineData("en-GB", "", true)]
    [InlineData("ar", "The detainees escaped from the prison in Hasakah.", false)]
    [InlineData("fr", "The detainees escaped.", false)]
    [InlineData(null, "The detainees escaped from the prison in Hasakah after an attack on the gate.", true)]
    [InlineData(null, "Les détenus se sont évadés de la prison de Hassaké après une attaque contre la porte.", false)]
    [InlineData(null, "Die Gefangenen flohen nach einem Angriff auf das Tor aus dem Gefängnis in Hasaka.", false)]
    [InlineData(null, "هرب المعتقلون من سجن الصناعة في الحسكة بعد هجوم على البوابة", false)]
    [InlineData(null, "", false)]
    public void IsEnglish_ByTagWhenGivenElseByWords(string? tag, string text, bool english)
    {
        Assert.Equal(english, EnglishText.IsEnglish(tag, text));
    }

    [Theory]
    [InlineData("inmates fled prison", true)]
    [InlineData("هروب سجناء", false)]
    [InlineData("prison سجن", false)]
    [InlineData("2022", false)]
    public void IsEnglishQuery_LatinLettersOnly(string query, bool english)
    {
        Assert.Equal(english, EnglishText.IsEnglishQuery(query));
    }
}
