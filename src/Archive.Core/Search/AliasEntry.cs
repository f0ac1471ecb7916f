namespace Archive.Core.Search;

/// <summary>
/// One name variant in an alias set, with its analyzed forms in the same shape as the full-text columns: words joined
/// by single spaces. An entry of several words ("Islamic State") is searched as a phrase.
/// </summary>
/// <param name="Text">The entry as written in the alias file, trimmed.</param>
/// <param name="Exact">Space-joined exact forms (<see cref="Token.Term"/>) of the entry's words.</param>
/// <param name="Stem">Space-joined stems (<see cref="Token.Stem"/>) of the entry's words.</param>
internal sealed record AliasEntry(string Text, string Exact, string Stem)
{
    /// <summary>True when the entry has more than one word and so must match as a phrase.</summary>
    public bool IsPhrase => Exact.Contains(' ', StringComparison.Ordinal);

    /// <summary>The exact forms of the entry's words, in order.</summary>
    public IReadOnlyList<string> ExactTerms => Exact.Split(' ');

    /// <summary>The stems of the entry's words, in order.</summary>
    public IReadOnlyList<string> StemTerms => Stem.Split(' ');
}
