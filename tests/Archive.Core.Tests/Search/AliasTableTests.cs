using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class AliasTableTests
{
    private readonly Analyzer _analyzer = new();

    private AliasTable Table(string content)
    {
        var result = AliasTable.Parse(content, _analyzer);
        Assert.Empty(result.Problems);
        return result.Table;
    }

    private static string ShippedFile() => Repository.Aliases;

    [Fact]
    public void Load_ShippedFile_HasNoProblems()
    {
        var result = AliasTable.Load(ShippedFile(), _analyzer);

        Assert.Empty(result.Problems);
        Assert.True(result.Table.Sets.Count >= 7);
    }

    [Theory]
    [InlineData("ISIS", new[] { "ISIL", "Daesh", "Islamic State", "داعش" })]
    [InlineData("daesh", new[] { "ISIS", "ISIL", "Islamic State", "داعش" })]
    [InlineData("Hasakeh", new[] { "Hasakah", "Hassakeh", "Al-Hasakah", "الحسكة" })]
    [InlineData("الحسكة", new[] { "Hasakah", "Hasakeh", "Hassakeh" })]
    [InlineData("SDF", new[] { "Syrian Democratic Forces", "قسد" })]
    [InlineData("al-Sina", new[] { "Ghweiran", "Sina'a prison" })]
    [InlineData("Ghweiran", new[] { "al-Sina", "Sina'a prison" })]
    [InlineData("Deir ez-Zor", new[] { "Deir ez Zour", "Deir al-Zor", "دير الزور" })]
    [InlineData("al-Hol", new[] { "الهول" })]
    [InlineData("Shaddadi", new[] { "Shaddadeh", "Al-Shaddadi", "الشدادي" })]
    public void Expand_ShippedSet_ReturnsTheOtherNames(string name, string[] expected)
    {
        var table = AliasTable.Load(ShippedFile(), _analyzer).Table;

        var others = table.Expand(name).Select(e => e.Text).ToList();

        Assert.All(expected, e => Assert.Contains(e, others));
    }

    [Fact]
    public void Expand_Name_DoesNotReturnTheNameItself()
    {
        var table = Table("ISIS | ISIL | Daesh");

        Assert.Equal(["ISIL", "Daesh"], table.Expand("isis").Select(e => e.Text));
    }

    [Theory]
    [InlineData("AL HASAKAH")]
    [InlineData("al-hasakah")]
    [InlineData("Al‐Ḥasakah")]
    public void Expand_CaseHyphenAndDiacriticVariants_FindTheSameEntry(string query)
    {
        var table = Table("Al-Hasakah | الحسكة");

        Assert.Equal(["الحسكة"], table.Expand(query).Select(e => e.Text));
    }

    [Fact]
    public void Expand_ArabicSpellingVariant_FindsEntryByExactForm()
    {
        var table = Table("Hasakah | الحسكة");

        var match = table.Find(_analyzer.Tokenize("الحسكه"));

        Assert.NotNull(match);
        Assert.False(match.ByStem);
        Assert.Equal("Hasakah", Assert.Single(match.Others).Text);
    }

    [Fact]
    public void Find_ArabicWordWithConjunction_MatchesByStem()
    {
        var table = Table("Hasakah | الحسكة");

        var match = table.Find(_analyzer.Tokenize("والحسكة"));

        Assert.NotNull(match);
        Assert.True(match.ByStem);
        Assert.Equal("الحسكة", match.Entry.Text);
    }

    [Fact]
    public void Expand_MultiWordEntry_ComesBackAsAPhraseOfAnalyzedWords()
    {
        var table = Table("ISIS | Islamic State | الدولة الإسلامية");

        var others = table.Expand("ISIS");

        Assert.All(others, e => Assert.True(e.IsPhrase));
        Assert.Equal(["islamic", "state"], others[0].ExactTerms);
        Assert.Equal(["islam", "state"], others[0].StemTerms);
        Assert.Equal(["الدوله", "الاسلاميه"], others[1].ExactTerms);
    }

    [Fact]
    public void Expand_MultiWordQuery_MatchesOnlyTheWholeEntry()
    {
        var table = Table("ISIS | Islamic State");

        Assert.Equal(["ISIS"], table.Expand("islamic state").Select(e => e.Text));
        Assert.Empty(table.Expand("islamic"));
        Assert.Empty(table.Expand("state"));
    }

    [Fact]
    public void Expand_UnknownTermOrNoWords_ReturnsEmpty()
    {
        var table = Table("ISIS | ISIL");

        Assert.Empty(table.Expand("prison"));
        Assert.Empty(table.Expand("!!!"));
        Assert.Empty(AliasTable.Empty(_analyzer).Expand("ISIS"));
    }

    [Fact]
    public void Parse_CommentsBlankLinesAndCrLf_AreIgnored()
    {
        var table = Table("# header\r\n\r\n   \r\nISIS | ISIL # trailing comment\r\nSDF|قسد\r\n");

        Assert.Equal(2, table.Sets.Count);
        Assert.Equal(["ISIS", "ISIL"], table.Sets[0].Entries.Select(e => e.Text));
        Assert.Equal(4, table.Sets[0].Line);
        Assert.Equal(["SDF", "قسد"], table.Sets[1].Entries.Select(e => e.Text));
    }

    [Fact]
    public void Parse_HashInsideAName_IsNotAComment()
    {
        var table = Table("C# | CSharp");

        Assert.Equal(["CSharp"], table.Expand("C#").Select(e => e.Text));
    }

    [Fact]
    public void Parse_CommasAndSlashes_AreNotSeparators()
    {
        var table = Table("Islamic State of Iraq and Syria/Levant | ISIS");

        Assert.Equal(2, Assert.Single(table.Sets).Entries.Count);
    }

    [Fact]
    public void Parse_EmptyEntry_ReportsTheLineAndKeepsTheRest()
    {
        var result = AliasTable.Parse("ISIS | ISIL\nSDF | | قسد |", _analyzer);

        Assert.Equal([2, 2], result.Problems.Select(p => p.Line));
        Assert.Contains("empty entry", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Table.Sets.Count);
        Assert.Equal(["قسد"], result.Table.Expand("SDF").Select(e => e.Text));
    }

    [Fact]
    public void Parse_SetWithOneName_IsReportedAndSkipped()
    {
        var result = AliasTable.Parse("ISIS\n", _analyzer);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("at least two names", problem.Message, StringComparison.Ordinal);
        Assert.Empty(result.Table.Sets);
    }

    [Fact]
    public void Parse_NameWithoutWords_IsReported()
    {
        var result = AliasTable.Parse("ISIS | ISIL | ---", _analyzer);

        var problem = Assert.Single(result.Problems);
        Assert.Contains("no searchable words", problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Table.Sets[0].Entries.Count);
    }

    [Fact]
    public void Parse_NameInTwoSets_ReportsAndKeepsTheFirst()
    {
        var result = AliasTable.Parse("ISIS | Daesh\nIslamic State | DAESH | ISIL", _analyzer);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("line 1", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["ISIS"], result.Table.Expand("daesh").Select(e => e.Text));
        Assert.Equal(["ISIL"], result.Table.Expand("Islamic State").Select(e => e.Text));
    }

    [Fact]
    public void Parse_SpellingsThatAnalyzeAlike_AreMergedSilently()
    {
        var table = Table("Sina'a prison | Sinaa prison | Ghweiran");

        Assert.Equal(["Sina'a prison", "Ghweiran"], table.Sets[0].Entries.Select(e => e.Text));
    }

    [Fact]
    public void Find_StemSharedByTwoSets_IsNotUsed()
    {
        // "forces" and "force" share the stem "forc" but belong to different sets.
        var table = Table("forces | troops\nforce | strength");

        Assert.Null(table.Find(_analyzer.Tokenize("forcing")));
        Assert.Equal(["troops"], table.Expand("forces").Select(e => e.Text));
    }
}
