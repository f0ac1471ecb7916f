using System.Globalization;

namespace Archive.Core.Search;

/// <summary>
/// Words within <paramref name="MaxEdits"/> edits (insertions, deletions, substitutions, adjacent transpositions) of
/// <paramref name="Text"/>, matched against exact forms: <c>Hasaka~</c>, <c>Hasaka~1</c>.
/// </summary>
/// <param name="Field">The field to search, or null for title and text.</param>
/// <param name="Text">The term, with escapes removed.</param>
/// <param name="MaxEdits">0, 1 or 2 (the default when none is written).</param>
internal sealed record FuzzyQuery(QueryField? Field, string Text, int MaxEdits = FuzzyQuery.DefaultMaxEdits) : Query
{
    /// <summary>Edits allowed by <c>term~</c>.</summary>
    public const int DefaultMaxEdits = 2;

    /// <summary>The most edits a query may ask for.</summary>
    public const int MaxAllowedEdits = 2;

    public override string ToString() =>
        QueryFields.Prefix(Field) + QueryText.EscapeTerm(Text) + "~" + MaxEdits.ToString(CultureInfo.InvariantCulture);
}
