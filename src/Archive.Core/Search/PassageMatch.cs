namespace Archive.Core.Search;

/// <summary>One matched stretch inside a passage (code points into the whole text) and why it matched.</summary>
/// <param name="Reason">term, stem, phrase, alias, prefix, wildcard, fuzzy or meaning.</param>
/// <param name="Query">What the user typed that it answers.</param>
/// <param name="Via">The alias or expansion that matched, when there is one; for a match by meaning, how similar ("meaning: 0.62 similar").</param>
public sealed record PassageMatch(int Start, int End, string Text, string Reason, string Query, string? Via);
