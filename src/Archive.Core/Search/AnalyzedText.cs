namespace Archive.Core.Search;

/// <summary>
/// The two full-text columns of one analyzed text: the exact forms and the stems of its tokens, each joined by single
/// spaces in token order, so the n-th word of either column is the token with <see cref="Token.Position"/> n.
/// </summary>
/// <param name="Exact">Space-joined <see cref="Token.Term"/> values.</param>
/// <param name="Stem">Space-joined <see cref="Token.Stem"/> values.</param>
/// <param name="TokenCount">How many tokens the text produced.</param>
internal sealed record AnalyzedText(string Exact, string Stem, int TokenCount);
