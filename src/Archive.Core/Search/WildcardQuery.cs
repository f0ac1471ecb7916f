namespace Archive.Core.Search;

/// <summary>
/// A word pattern: <c>?</c> matches one character and <c>*</c> any run of characters (<c>te?t</c>, <c>t*t</c>), matched
/// against exact forms. Patterns with only a trailing <c>*</c> are <see cref="PrefixQuery"/> instead.
/// </summary>
/// <param name="Field">The field to search, or null for title and text.</param>
/// <param name="Pattern">
/// The pattern, with escapes removed. Every <c>*</c> and <c>?</c> in it is a wildcard (the parser rejects escaped ones
/// mixed with wildcards). It starts with at least <see cref="QueryParserOptions.MinWildcardPrefix"/> literal characters.
/// </param>
internal sealed record WildcardQuery(QueryField? Field, string Pattern) : Query
{
    /// <summary>The literal characters before the first wildcard: the range of the vocabulary to scan.</summary>
    public string LiteralPrefix => Pattern[..Pattern.AsSpan().IndexOfAny('*', '?')];

    public override string ToString() =>
        QueryFields.Prefix(Field) + QueryText.EscapeTerm(Pattern, keepWildcards: true);
}
