namespace Archive.Core.Search;

/// <summary>One line of the alias file: names that all refer to the same thing.</summary>
internal sealed class AliasSet
{
    public AliasSet(int line, IReadOnlyList<AliasEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Line = line;
        Entries = entries;
    }

    /// <summary>1-based line of the alias file that defines this set.</summary>
    public int Line { get; }

    /// <summary>The entries in file order, without duplicates (by exact form).</summary>
    public IReadOnlyList<AliasEntry> Entries { get; }

    /// <summary>Every entry except <paramref name="entry"/>.</summary>
    public IReadOnlyList<AliasEntry> Except(AliasEntry entry)
    {
        var others = new List<AliasEntry>(Entries.Count - 1);
        foreach (var e in Entries)
        {
            if (!ReferenceEquals(e, entry))
            {
                others.Add(e);
            }
        }

        return others;
    }

    public override string ToString() => string.Join(" | ", Entries.Select(e => e.Text));
}
