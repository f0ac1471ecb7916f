namespace Archive.Core.Search;

/// <summary>
/// A quoted phrase: its words in order, matched in their exact (unstemmed) forms. With a slop, the words may be up to
/// that many positions apart, in any order, as in Lucene's <c>"a b"~N</c>.
/// </summary>
/// <param name="Field">The field to search, or null for title and text.</param>
/// <param name="Text">The text between the quotes, with escapes removed; not analyzed.</param>
/// <param name="Slop">How far the words may move; 0 means adjacent and in order.</param>
/// <param name="NoAlias">Written <c>="…"</c>: do not expand through the alias table.</param>
internal sealed record PhraseQuery(QueryField? Field, string Text, int Slop = 0, bool NoAlias = false) : Query
{
    public override string ToString() =>
        QueryFields.Prefix(Field)
        + (NoAlias ? "=" : string.Empty)
        + QueryText.QuotePhrase(Text)
        + (Slop > 0 ? "~" + Slop.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
}
