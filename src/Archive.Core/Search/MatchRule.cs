namespace Archive.Core.Search;

/// <summary>
/// How to find a query's matches in a text's tokens, for the index query, passages and "why it matched": a token
/// sequence compared by stem or exact form (the last one optionally as a prefix), and the reason to report.
/// </summary>
/// <param name="Terms">
/// Analyzed terms in order (one for a term, several for a phrase): exact forms, or for a rule by stem the stems of
/// the default chain.
/// </param>
/// <param name="ByStem">Compare with <see cref="Token.Stem"/> rather than <see cref="Token.Term"/>.</param>
/// <param name="LastIsPrefix">The last term matches any token that starts with it.</param>
/// <param name="Reason">term, stem, phrase, alias, prefix, wildcard or fuzzy.</param>
/// <param name="Source">What the user typed that this rule comes from.</param>
/// <param name="Via">For alias and fuzzy/wildcard expansions: the variant that matched.</param>
/// <param name="Near">
/// For a proximity phrase (<c>"a b"~N</c>): N. The terms then match in any order, each on its own, when all the
/// others lie within N + (terms - 1) positions of it.
/// </param>
internal sealed record MatchRule(IReadOnlyList<string> Terms, bool ByStem, bool LastIsPrefix, string Reason, string Source, string? Via = null, int Near = 0)
{
    /// <summary>The field the clause named (<c>title:</c> or <c>text:</c>), whose matches alone it explains; null for both.</summary>
    public QueryField? Field { get; init; }

    /// <summary>For a rule by stem: the stems each <see cref="LanguageChain"/> gives the words, by chain name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ChainStems { get; init; }

    /// <summary>The terms to compare with the tokens of a text analysed by <paramref name="chain"/>.</summary>
    public IReadOnlyList<string> TermsFor(LanguageChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return ByStem && ChainStems is not null && ChainStems.TryGetValue(chain.Name, out var stems) ? stems : Terms;
    }

    /// <summary>A rule by stem for <paramref name="text"/>, with the stems of every chain.</summary>
    public static MatchRule ByStems(Analyzer analyzer, string text, IReadOnlyList<Token> tokens, string reason, string source, string? via = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(tokens);
        var stems = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var chain in LanguageChain.All)
        {
            stems[chain.Name] = chain == LanguageChain.Default
                ? tokens.Select(t => t.Stem).ToList()
                : analyzer.Tokenize(text, chain).Select(t => t.Stem).ToList();
        }

        return new MatchRule(stems[LanguageChain.Default.Name], ByStem: true, LastIsPrefix: false, reason, source, via) { ChainStems = stems };
    }
}
