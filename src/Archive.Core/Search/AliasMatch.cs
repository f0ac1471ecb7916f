namespace Archive.Core.Search;

/// <summary>A query term or phrase recognized as an entry of an alias set.</summary>
/// <param name="Set">The set the entry belongs to.</param>
/// <param name="Entry">The entry the query matched.</param>
/// <param name="ByStem">
/// True when only the stems matched (for example والحسكة, "and al-Hasakah", against the entry الحسكة).
/// </param>
internal sealed record AliasMatch(AliasSet Set, AliasEntry Entry, bool ByStem)
{
    /// <summary>The variants to add to the query: every entry of the set except the one matched.</summary>
    public IReadOnlyList<AliasEntry> Others => Set.Except(Entry);
}
