namespace Archive.Core.Search;

/// <summary>Words starting with <paramref name="Prefix"/> (<c>hasak*</c>), matched against exact forms.</summary>
/// <param name="Field">The field to search, or null for title and text.</param>
/// <param name="Prefix">The text before the <c>*</c>, with escapes removed; never empty.</param>
internal sealed record PrefixQuery(QueryField? Field, string Prefix) : Query
{
    public override string ToString() => QueryFields.Prefix(Field) + QueryText.EscapeTerm(Prefix) + "*";
}
