using System.Globalization;
using System.Text;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class AnalyzerTests
{
    private readonly Analyzer _analyzer = new();

    private string[] Terms(string text) => [.. _analyzer.Tokenize(text).Select(t => t.Term)];

    private string[] Stems(string text) => [.. _analyzer.Tokenize(text).Select(t => t.Stem)];

    /// <summary>Slices a string by code-point offsets, the way a citation reads the canonical text.</summary>
    private static string SliceCodePoints(string text, int start, int end)
    {
        var runes = text.EnumerateRunes().ToArray();
        var builder = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            builder.Append(runes[i].ToString());
        }

        return builder.ToString();
    }

    [Fact]
    public void Tokenize_SimpleSentence_SplitsOnSpacesAndPunctuation()
    {
        var tokens = _analyzer.Tokenize("Prison break, in Hasakah!");

        Assert.Equal(["prison", "break", "in", "hasakah"], tokens.Select(t => t.Term));
        Assert.Equal([0, 1, 2, 3], tokens.Select(t => t.Position));
        Assert.Equal((0, 6), (tokens[0].Start, tokens[0].End));
        Assert.Equal((17, 24), (tokens[3].Start, tokens[3].End));
    }

    [Fact]
    public void Tokenize_EmojiBeforeWord_OffsetsCountCodePointsNotUtf16Units()
    {
        const string text = "🔥🔥 prison 😀break";

        var tokens = _analyzer.Tokenize(text);

        Assert.Equal(["prison", "break"], tokens.Select(t => t.Term));
        Assert.Equal((3, 9), (tokens[0].Start, tokens[0].End));
        Assert.Equal((11, 16), (tokens[1].Start, tokens[1].End));
        Assert.Equal("prison", SliceCodePoints(text, tokens[0].Start, tokens[0].End));
        Assert.Equal("break", SliceCodePoints(text, tokens[1].Start, tokens[1].End));
        Assert.NotEqual(tokens[1].Start, text.IndexOf("break", StringComparison.Ordinal));
    }

    [Fact]
    public void Tokenize_SupplementaryLetters_AreOneCodePointEach()
    {
        const string text = "𝐀𝐁 x"; // mathematical bold letters, outside the BMP

        var tokens = _analyzer.Tokenize(text);

        Assert.Equal(2, tokens.Count);
        Assert.Equal((0, 2), (tokens[0].Start, tokens[0].End));
        Assert.Equal((3, 4), (tokens[1].Start, tokens[1].End));
    }

    [Fact]
    public void Tokenize_MixedText_ReturnsEachWordWithItsCodePointSpan()
    {
        // Counted by hand: the runner emoji is four code points (U+1F3C3 ZWJ U+2642 U+FE0F) at 12 to 15.
        const string text = "Les détenus 🏃‍♂️ s’évadent de la prison d’al-Sina’a, الحسكة ١٢٣!";

        var tokens = _analyzer.Tokenize(text);

        Assert.Equal(
            [
                ("les", 0, 3), ("detenus", 4, 11), ("sevadent", 17, 26), ("de", 27, 29), ("la", 30, 32),
                ("prison", 33, 39), ("dal", 40, 44), ("sinaa", 45, 51), ("الحسكه", 53, 59), ("123", 60, 63),
            ],
            tokens.Select(t => (t.Term, t.Start, t.End)));
        Assert.Equal(["Les", "détenus", "s’évadent", "de", "la", "prison", "d’al", "Sina’a", "الحسكة", "١٢٣"], tokens.Select(t => SliceCodePoints(text, t.Start, t.End)));
    }

    [Fact]
    public void Tokenize_CaseAndLatinDiacritics_AreFolded()
    {
        Assert.Equal(["cafe", "naive", "sao", "paulo", "strasse", "lodz", "ecole"], Terms("CAFÉ naïve São Paulo Straße Łódź École"));
    }

    [Fact]
    public void Tokenize_TurkishDottedCapitalI_FoldsToI()
    {
        // İ has no simple lower case and decomposes to I + a dot above: it once folded to a capital I.
        Assert.Equal(["istanbul", "izmir", "idlib"], Terms("İstanbul İZMİR İdlib"));
        Assert.Equal(Terms("Istanbul"), Terms("İstanbul"));
    }

    /// <summary>Turkish lower-casing by hand (a process without ICU has no tr-TR culture) agrees with the culture's.</summary>
    [Theory]
    [InlineData("IĞDIR")]
    [InlineData("İstanbul İZMİR")]
    [InlineData("Suriye'deki ŞIRNAK")]
    [InlineData("ÇIKIŞ ÖZGÜR ıiIİ")]
    [InlineData("ΑΘΗΝΑ МОСКВА الحسكة")]
    [InlineData("")]
    public void TurkishLower_AgreesWithTheTrTrCulture(string word)
    {
        Assert.Equal(word.ToLower(CultureInfo.GetCultureInfo("tr-TR")), LanguageChain.TurkishLower(word));
    }

    [Fact]
    public void Tokenize_MathematicalStyledLetters_FoldToPlainLetters()
    {
        // Bold, italic and double-struck letters and digits stand in for formatting in social-media posts.
        Assert.Equal(["bold", "italic", "2026"], Terms("𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𝟐𝟎𝟐𝟔"));
        var token = Assert.Single(_analyzer.Tokenize("a 𝐁𝐨𝐥𝐝 b"), t => t.Term == "bold");
        Assert.Equal((2, 6), (token.Start, token.End)); // code points of the original text
    }

    [Fact]
    public void Tokenize_DecomposedLatin_FoldsLikePrecomposed()
    {
        var decomposed = "Cafe\u0301 Sa\u0303o";

        Assert.Equal(["cafe", "sao"], Terms(decomposed));
    }

    [Fact]
    public void Tokenize_NonLatinMarks_AreKept()
    {
        // Only Latin letters lose their marks: Cyrillic й keeps its breve.
        Assert.Equal(["й"], Terms("Й"));
        Assert.Equal(["हिन्दी"], Terms("हिन्दी"));
    }

    [Fact]
    public void Tokenize_Hyphens_SplitWords()
    {
        Assert.Equal(["al", "hasakah", "deir", "ez", "zor"], Terms("al-Hasakah, Deir ez-Zor"));
    }

    [Theory]
    [InlineData("Sina'a")]
    [InlineData("Sina’a")]
    [InlineData("Sina‘a")]
    [InlineData("Sinaʿa")]
    [InlineData("Sinaa")]
    public void Tokenize_ApostropheInsideWord_JoinsAndIsDropped(string text)
    {
        var token = Assert.Single(_analyzer.Tokenize(text));
        Assert.Equal("sinaa", token.Term);
        Assert.Equal(text.Length, token.End);
    }

    [Fact]
    public void Tokenize_OBrien_IsOneWord()
    {
        Assert.Equal(["obrien"], Terms("O'Brien"));
    }

    [Fact]
    public void Tokenize_Possessive_DropsSButKeepsItInTheSpan()
    {
        var tokens = _analyzer.Tokenize("Syria’s prisons, ISIS's men");

        Assert.Equal(["syria", "prisons", "isis", "men"], tokens.Select(t => t.Term));
        Assert.Equal((0, 7), (tokens[0].Start, tokens[0].End));
        Assert.Equal((17, 23), (tokens[2].Start, tokens[2].End));
    }

    [Fact]
    public void Tokenize_QuotationApostrophes_SeparateWords()
    {
        Assert.Equal(["the", "worst", "of", "the", "worst"], Terms("the ‘worst of the worst’"));
        Assert.Equal(["boys", "toys"], Terms("boys' toys"));
    }

    [Theory]
    [InlineData("U.S. trade", new[] { "us", "trade" })]
    [InlineData("the U.S.A.", new[] { "the", "usa" })]
    [InlineData("U.N.-backed", new[] { "un", "backed" })]
    [InlineData("e.g. this", new[] { "eg", "this" })]
    [InlineData("in the U.S", new[] { "in", "the", "us" })]
    [InlineData("J. Smith", new[] { "j", "smith" })]
    [InlineData("A.Smith", new[] { "a", "smith" })]
    [InlineData("Plan A. B was", new[] { "plan", "a", "b", "was" })]
    [InlineData("3.5", new[] { "3", "5" })]
    [InlineData("Inc. said", new[] { "inc", "said" })]
    public void Tokenize_DottedAcronym_IsOneWord(string text, string[] expected) =>
        Assert.Equal(expected, Terms(text));

    [Fact]
    public void Tokenize_DottedAcronym_SpanIncludesFinalDot()
    {
        var tokens = _analyzer.Tokenize("the U.S. said");

        Assert.Equal((4, 8), (tokens[1].Start, tokens[1].End));
        Assert.Equal((9, 13), (tokens[2].Start, tokens[2].End));
    }

    [Fact]
    public void Tokenize_ArabicPresentationForms_BecomeArabicLetters()
    {
        Assert.Equal(["قال", "مصدر", "مسيول"], Terms("ﻗﺎﻝ ﻣﺼﺪﺭ ﻣﺴﻴﻮﻝ"));
        Assert.Equal(["لا", "الله"], Terms("ﻷ ﷲ"));
    }

    [Fact]
    public void Tokenize_IsolatedTashkeelForm_IsDropped()
    {
        Assert.Equal(["كتابا"], Terms("كتاباﹰ"));
    }

    [Fact]
    public void Tokenize_LatinLigaturesAndFullwidth_Fold()
    {
        var tokens = _analyzer.Tokenize("ﬁnancial ＡＢＣ１２");

        Assert.Equal(["financial", "abc12"], tokens.Select(t => t.Term));
        Assert.Equal((0, 8), (tokens[0].Start, tokens[0].End));
        Assert.Equal("financi", tokens[0].Stem);
    }

    [Fact]
    public void Tokenize_NumbersWithSeparators_SplitIntoDigitRuns()
    {
        Assert.Equal(["6", "000", "detainees"], Terms("6,000 detainees"));
    }

    [Fact]
    public void Tokenize_ArabicAlefVariants_NormalizeToBareAlef()
    {
        Assert.Equal(["احمد", "اسلام", "امن", "الوصل"], Terms("أحمد إسلام آمن ٱلوصل"));
    }

    [Fact]
    public void Tokenize_ArabicYehAndTehMarbuta_Normalize()
    {
        Assert.Equal(["مستشفي", "الحسكه"], Terms("مستشفى الحسكة"));
    }

    [Fact]
    public void Tokenize_Tashkeel_IsRemovedWithoutSplittingTheWord()
    {
        var token = Assert.Single(_analyzer.Tokenize("الْحَسَكَةِ"));

        Assert.Equal("الحسكه", token.Term);
        Assert.Equal((0, 11), (token.Start, token.End));
    }

    [Fact]
    public void Tokenize_Tatweel_IsRemoved()
    {
        Assert.Equal(["الحسكه"], Terms("الحســـكة"));
    }

    [Fact]
    public void Tokenize_SuperscriptAlef_IsRemoved()
    {
        Assert.Equal(["هذا"], Terms("هٰذا"));
    }

    [Theory]
    [InlineData("١٢٣", "123")]
    [InlineData("۱۲۳", "123")]
    [InlineData("٢٠٢٦", "2026")]
    public void Tokenize_ArabicIndicDigits_BecomeAscii(string text, string expected)
    {
        Assert.Equal([expected], Terms(text));
    }

    [Fact]
    public void Tokenize_PersianYehAndKeheh_NormalizeToArabic()
    {
        Assert.Equal(["كردي"], Terms("کردی"));
    }

    [Fact]
    public void Tokenize_AlHasakahWithTaMarbutaAndWithConjunction_ShareTheStem()
    {
        var query = Assert.Single(_analyzer.Tokenize("الحسكة"));
        var document = Assert.Single(_analyzer.Tokenize("والحسكه"));

        Assert.NotEqual(query.Term, document.Term);
        Assert.Equal(query.Stem, document.Stem);
        Assert.Equal("حسك", query.Stem);
    }

    [Theory]
    [InlineData("بالحسكة")]
    [InlineData("للحسكة")]
    [InlineData("وبالحسكة")]
    [InlineData("فالحسكة")]
    [InlineData("كالحسكة")]
    [InlineData("الحَسَكة")]
    public void Tokenize_ArabicCliticsAndArticle_StemToTheSameWord(string text)
    {
        Assert.Equal(["حسك"], Stems(text));
    }

    [Fact]
    public void Tokenize_ShortArabicWord_KeepsThreeLetters()
    {
        // وال would leave one letter: nothing is removed.
        Assert.Equal(["والد"], Terms("والد"));
        Assert.All(Stems("والد ولد"), s => Assert.True(s.Length >= 3));
    }

    [Fact]
    public void Tokenize_PluralEnglish_SharesStemButNotExactForm()
    {
        var singular = _analyzer.Tokenize("prison break");
        var plural = _analyzer.Tokenize("prison breaks");

        Assert.Equal(singular.Select(t => t.Stem), plural.Select(t => t.Stem));
        Assert.NotEqual(singular.Select(t => t.Term), plural.Select(t => t.Term));
    }

    [Fact]
    public void Tokenize_DigitsAndMixedWords_AreNotStemmed()
    {
        var tokens = _analyzer.Tokenize("covid19 2026");

        Assert.All(tokens, t => Assert.Same(t.Term, t.Stem));
    }

    [Fact]
    public void Tokenize_HanIdeographs_AreOneWordEach()
    {
        var tokens = _analyzer.Tokenize("叙利亚 prison");

        Assert.Equal(["叙", "利", "亚", "prison"], tokens.Select(t => t.Term));
        Assert.Equal([0, 1, 2, 4], tokens.Select(t => t.Start));
    }

    [Fact]
    public void Tokenize_VeryLongRun_IsSplitAtMaxTokenLength()
    {
        var analyzer = new Analyzer(maxTokenLength: 10);

        var tokens = analyzer.Tokenize(new string('a', 25));

        Assert.Equal([10, 10, 5], tokens.Select(t => t.Term.Length));
        Assert.Equal([0, 10, 20], tokens.Select(t => t.Start));
    }

    [Fact]
    public void Tokenize_OnlyMarksAndPunctuation_ProducesNoTokens()
    {
        Assert.Empty(_analyzer.Tokenize("\u0301\u064E ـــ — !!! 🔥"));
        Assert.Empty(_analyzer.Tokenize(string.Empty));
    }

    [Fact]
    public void Tokenize_ZeroWidthNonJoinerAndSoftHyphen_DoNotSplitWords()
    {
        Assert.Equal(["detainees"], Terms("de\u00ADtain\u200Cees"));
    }

    [Fact]
    public void Tokenize_LoneSurrogate_IsASeparator()
    {
        Assert.Equal(["a", "b"], Terms("a\uD800b"));
    }

    [Fact]
    public void Tokenize_Text_GivesExactFormsAndStemsInTokenOrder()
    {
        var tokens = _analyzer.Tokenize("Prison breaks in al-Hasakah");

        Assert.Equal("prison breaks in al hasakah", string.Join(' ', tokens.Select(t => t.Term)));
        Assert.Equal("prison break in al hasakah", string.Join(' ', tokens.Select(t => t.Stem)));
        Assert.Equal(5, tokens.Count);
    }

    [Fact]
    public void Tokenize_Words_ContainOnlyLettersMarksAndDigits()
    {
        var tokens = _analyzer.Tokenize("“Sina’a” prison—6,000 ISIS detainees; O'Brien's U.S.-led café! الحَسَكة ١٢٣ 🔥 a_b");

        foreach (var word in tokens.Select(t => t.Term).Concat(tokens.Select(t => t.Stem)))
        {
            Assert.NotEmpty(word);
            Assert.All(word.EnumerateRunes(), r => Assert.True(
                Rune.IsLetterOrDigit(r) || Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark,
                $"'{r}' in '{word}'"));
        }
    }

    [Theory]
    [InlineData("Hasak?h*", "hasak?h*")]
    [InlineData("AL-Ḥasakah", "al-hasakah")]
    [InlineData("الحسكة*", "الحسكه*")]
    [InlineData("Sina'a", "sinaa")]
    public void FoldCharacters_Pattern_FoldsWordCharactersAndKeepsTheRest(string pattern, string expected)
    {
        Assert.Equal(expected, Analyzer.FoldCharacters(pattern));
    }

    [Fact]
    public void Tokenize_LargeText_CountsEveryTokenWithExactOffsetsToTheEnd()
    {
        var paragraph = "Kurdish-led forces said on Tuesday that 6,000 ISIS detainees were moved from al-Hasakah's "
            + "Ghweiran prison; قالت قوات سوريا الديمقراطية إن المعتقلين نقلوا من سجن الصناعة في الحسكة. ";
        var text = string.Concat(Enumerable.Repeat(paragraph, 5_000)); // about 1 MB

        var tokens = _analyzer.Tokenize(text);

        // The paragraph is 180 code points, all in the BMP; its last word, الحسكة, is code points 172 to 177.
        Assert.Equal(5_000 * 30, tokens.Count);
        Assert.Equal((4_999 * 180, 4_999 * 180 + 7), (tokens[^30].Start, tokens[^30].End));
        Assert.Equal((4_999 * 180 + 172, 4_999 * 180 + 178), (tokens[^1].Start, tokens[^1].End));
    }
}
