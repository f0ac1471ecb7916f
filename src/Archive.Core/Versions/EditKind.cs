namespace Archive.Core.Versions;

/// <summary>What a run of a sequence diff does: keep items, remove old items, or add new ones.</summary>
public enum EditKind
{
    /// <summary>The items are in both sequences.</summary>
    Same,

    /// <summary>The items are only in the old sequence.</summary>
    Removed,

    /// <summary>The items are only in the new sequence.</summary>
    Added,
}
