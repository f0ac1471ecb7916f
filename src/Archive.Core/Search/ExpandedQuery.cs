namespace Archive.Core.Search;

/// <summary>
/// A query after <see cref="QueryExpander"/>: full-text leaves analyzed and expanded (aliases, wildcard and fuzzy
/// terms) into alternatives, metadata leaves kept as the parser wrote them, the rules that find matches in a hit's
/// text ("why it matched"), and notes on what was left out or cut. Engine-neutral: a backend turns it into its own
/// query form.
/// </summary>
/// <param name="Root">The expanded tree.</param>
/// <param name="Rules">The match rules of every full-text alternative that is not excluded, in query order.</param>
/// <param name="Notes">What the user should know: words with nothing searchable, expansions that matched nothing or were cut.</param>
internal sealed record ExpandedQuery(ExpandedQuery.Node Root, IReadOnlyList<MatchRule> Rules, IReadOnlyList<string> Notes)
{
    /// <summary>The backend's <see cref="TermExpansion.Lookups"/> of every wildcard and fuzzy term expanded, for its search.</summary>
    public IReadOnlyList<object> Lookups { get; init; } = [];

    /// <summary>A node of the expanded tree.</summary>
    internal abstract record Node;

    /// <summary>Clauses with Lucene's meaning: with required clauses optional ones only rank; without, one must match.</summary>
    internal sealed record Boolean(IReadOnlyList<(Occur Occur, Node Node)> Clauses) : Node;

    /// <summary>Every document.</summary>
    internal sealed record All : Node;

    /// <summary>
    /// A full-text leaf: any of its alternatives matches (the typed word or phrase, its aliases, the indexed words a
    /// wildcard or fuzzy term stands for). Each alternative is the rule that also finds it in a hit's text.
    /// </summary>
    /// <param name="Field">Title, text, or null for both.</param>
    /// <param name="Positive">Not under an exclusion: it ranks, and its alternatives are in <see cref="Rules"/>.</param>
    internal sealed record Text(QueryField? Field, IReadOnlyList<MatchRule> Alternatives, bool Positive) : Node;

    /// <summary>A leaf that matches no document (a wildcard or fuzzy term that matches no indexed word).</summary>
    internal sealed record Nothing : Node;

    /// <summary>A leaf with no searchable words (only emoji or punctuation): left out, as Lucene does.</summary>
    internal sealed record Empty : Node;

    /// <summary>A metadata leaf (publisher, author, type, lang, tag, id) or a date range, as parsed.</summary>
    internal sealed record Field(Query Leaf) : Node;
}
