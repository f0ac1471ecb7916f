using Lucene.Net.Util.Automaton;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class QueryExpanderTests
{
    private static readonly Analyzer Analyzer = new();
    private static readonly AliasTable Aliases = AliasTable.Parse("Hasakah | Hasakeh | الحسكة\nprison break | jailbreak\n", Analyzer).Table;

    // Sorted ordinally, as the index gives it, with document frequencies.
    private static readonly (string[] Terms, int[] Docs) Vocabulary = (["daesh", "dash", "tent", "test", "text", "toast"], [5, 1, 2, 9, 4, 7]);

    [Fact]
    public void Expand_Term_ComparesByStemAndSaysTerm()
    {
        var rule = Assert.Single(Expand("prisons").Rules);

        Assert.Equal("term [prison] stem from prisons", Describe(rule));
    }

    [Fact]
    public void Expand_TermInAliasTable_AddsEachVariantAsAlias()
    {
        var expanded = Expand("hasakah");

        Assert.Equal(["term [hasakah] stem from hasakah", "alias [hasakeh] stem from hasakah via Hasakeh", "alias [حسك] stem from hasakah via الحسكة"], expanded.Rules.Select(Describe));
        var leaf = Assert.IsType<ExpandedQuery.Text>(expanded.Root);
        Assert.Equal(expanded.Rules, leaf.Alternatives);
    }

    [Fact]
    public void Expand_AliasesOffOrEqualsSign_KeepsOnlyTheTypedTerm()
    {
        Assert.Equal(["term [hasakah] stem from hasakah"], Expand("hasakah", useAliases: false).Rules.Select(Describe));
        Assert.Equal(["term [hasakah] stem from hasakah"], Expand("=hasakah").Rules.Select(Describe));
    }

    [Fact]
    public void Expand_Phrase_ComparesExactFormsAndKeepsItsSlop()
    {
        Assert.Equal(["phrase [prison attack] exact near 3 from prison attack"], Expand("\"prison attack\"~3").Rules.Select(Describe));
        Assert.Equal(["phrase [prison break] exact from prison break", "alias [jailbreak] exact from prison break via jailbreak"], Expand("\"prison break\"").Rules.Select(Describe));
    }

    [Fact]
    public void Expand_Prefix_MatchesLastTermAsPrefix()
    {
        Assert.Equal(["prefix [escap*] exact from escap*"], Expand("escap*").Rules.Select(Describe));
    }

    [Fact]
    public void Expand_Wildcard_BecomesTheMostFrequentMatchingWordsWithinTheCap()
    {
        var expanded = Expand("te?t", maxExpansions: 2);

        // tent, test and text match; test (9 documents) and text (4) are the two most frequent.
        Assert.Equal(["wildcard [test] exact from te?t via test", "wildcard [text] exact from te?t via text"], expanded.Rules.Select(Describe));
        Assert.Equal(["te?t matches 3 words; searching the 2 most frequent"], expanded.Notes);
    }

    [Fact]
    public void Expand_Fuzzy_BecomesTheWordsWithinTheEdits()
    {
        var expanded = Expand("daish~1");

        // daesh (one substitution) and dash (one deletion), the more frequent first.
        Assert.Equal(["fuzzy [daesh] exact from daish~1 via daesh", "fuzzy [dash] exact from daish~1 via dash"], expanded.Rules.Select(Describe));
        Assert.Empty(expanded.Notes);
    }

    [Fact]
    public void Expand_WildcardMatchingNothing_MatchesNothingWithANote()
    {
        var expanded = Expand("zz*z");

        Assert.IsType<ExpandedQuery.Nothing>(expanded.Root);
        Assert.Empty(expanded.Rules);
        Assert.Equal(["zz*z matches no indexed word"], expanded.Notes);
    }

    [Fact]
    public void Expand_NoSearchableWords_IsLeftOutWithANote()
    {
        var expanded = Expand("hasakah 😀");

        var boolean = Assert.IsType<ExpandedQuery.Boolean>(expanded.Root);
        Assert.IsType<ExpandedQuery.Empty>(boolean.Clauses[1].Node);
        Assert.Equal(["'😀' has no searchable words"], expanded.Notes);
    }

    [Fact]
    public void Expand_ExcludedTerm_IsMatchedButNeitherRanksNorExplains()
    {
        var expanded = Expand("hasakah -prison", useAliases: false);

        Assert.Equal(["term [hasakah] stem from hasakah"], expanded.Rules.Select(Describe));
        var excluded = Assert.IsType<ExpandedQuery.Text>(Assert.IsType<ExpandedQuery.Boolean>(expanded.Root).Clauses[1].Node);
        Assert.False(excluded.Positive);
        Assert.Equal("term [prison] stem from prison", Describe(Assert.Single(excluded.Alternatives)));
    }

    [Fact]
    public void Expand_MetadataFieldsAndRanges_StayAsParsedWithoutRules()
    {
        var expanded = Expand("publisher:\"Al (Monitor)\" AND published:[2024 TO 2025]");

        var clauses = Assert.IsType<ExpandedQuery.Boolean>(expanded.Root).Clauses;
        Assert.Equal(new PhraseQuery(QueryField.Publisher, "Al (Monitor)"), Assert.IsType<ExpandedQuery.Field>(clauses[0].Node).Leaf);
        Assert.IsType<RangeQuery>(Assert.IsType<ExpandedQuery.Field>(clauses[1].Node).Leaf);
        Assert.Empty(expanded.Rules);
    }

    [Fact]
    public void Expand_NoWildcardOrFuzzy_NeverAsksForTheVocabulary()
    {
        var parsed = new QueryParser().Parse("hasakah \"prison break\" escap* title:report").Query!;
        var expander = new QueryExpander(
            Analyzer, Aliases, useAliases: true, maxExpansions: 64, (_, _) => throw new InvalidOperationException("vocabulary asked for"), (_, _, _) => throw new InvalidOperationException("vocabulary asked for"));

        Assert.Equal(7, expander.Expand(parsed).Rules.Count);
    }

    private static ExpandedQuery Expand(string query, bool useAliases = true, int maxExpansions = 64)
    {
        var parsed = new QueryParser().Parse(query);
        Assert.True(parsed.IsSuccess, query);
        return new QueryExpander(Analyzer, Aliases, useAliases, maxExpansions, Wildcard, Fuzzy).Expand(parsed.Query!);
    }

    // The index's side, played by Lucene's own automata over the fixed vocabulary.
    private static TermExpansion Wildcard(string pattern, int max) =>
        Matching(new CharacterRunAutomaton(Lucene.Net.Search.WildcardQuery.ToAutomaton(new Lucene.Net.Index.Term("f", pattern))), max);

    private static TermExpansion Fuzzy(string term, int edits, int max) =>
        Matching(new CharacterRunAutomaton(new LevenshteinAutomata(term, true).ToAutomaton(edits)), max);

    private static TermExpansion Matching(CharacterRunAutomaton automaton, int max)
    {
        var found = Vocabulary.Terms.Select((t, i) => (Term: t, Docs: Vocabulary.Docs[i])).Where(t => automaton.Run(t.Term)).ToList();
        return new TermExpansion([.. found.OrderByDescending(f => f.Docs).ThenBy(f => f.Term, StringComparer.Ordinal).Take(max)], found.Count);
    }

    private static string Describe(MatchRule rule) =>
        $"{rule.Reason} [{string.Join(' ', rule.Terms)}{(rule.LastIsPrefix ? "*" : string.Empty)}] {(rule.ByStem ? "stem" : "exact")}"
        + (rule.Near > 0 ? $" near {rule.Near}" : string.Empty)
        + $" from {rule.Source}"
        + (rule.Via is null ? string.Empty : $" via {rule.Via}");
}
