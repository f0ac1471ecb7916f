namespace Archive.Core.Search;

/// <summary>
/// How to find a query's matches in a text's tokens, for passages and "why it matched": a token sequence
/// compared by stem or exact form (the last one optionally as a prefix), and the reason to report.
/// </summary>
/// <param name="Terms">Analyzed terms in order (one for a term, several for a phrase).</param>
/// <param name="ByStem">Compare with <see cref="Token.Stem"/> rather than <see cref="Token.Term"/>.</param>
/// <param name="LastIsPrefix">The last term matches any token that starts with it.</param>
/// <param name="Reason">term, stem, phrase, alias, prefix, wildcard or fuzzy.</param>
/// <param name="Source">What the user typed that this rule comes from.</param>
/// <param name="Via">For alias and fuzzy/wildcard expansions: the variant that matched.</param>
/// <param name="Near">
/// For a proximity phrase (<c>"a b"~N</c>): N. The terms then match in any order, each on its own, when all the
/// others lie within N + (terms - 1) positions of it.
/// </param>
internal sealed record MatchRule(IReadOnlyList<string> Terms, bool ByStem, bool LastIsPrefix, string Reason, string Source, string? Via = null, int Near = 0);
