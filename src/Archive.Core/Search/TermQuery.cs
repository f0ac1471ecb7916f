namespace Archive.Core.Search;

/// <summary>
/// One word or, when analysis splits it ("al-Hasakah", "6,000"), a run of adjacent words. Unquoted, so it matches stems
/// and expands through the alias table unless <paramref name="NoAlias"/> is set.
/// </summary>
/// <param name="Field">The field to search, or null for title and text.</param>
/// <param name="Text">The term as typed, with escapes removed; not analyzed.</param>
/// <param name="NoAlias">Written <c>=term</c>: do not expand through the alias table.</param>
internal sealed record TermQuery(QueryField? Field, string Text, bool NoAlias = false) : Query
{
    public override string ToString() =>
        QueryFields.Prefix(Field) + (NoAlias ? "=" : string.Empty) + QueryText.EscapeTerm(Text);
}
