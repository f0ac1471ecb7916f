namespace Archive.Core.Versions;

/// <summary>What became of a quoted passage of the older version in the newer one.</summary>
public enum CitationDriftStatus
{
    /// <summary>The quote is still there, word for word, where the diff puts its old place.</summary>
    Exact,

    /// <summary>The quote is still there once, word for word (or after folding), but not where the diff puts its old place.</summary>
    Moved,

    /// <summary>The quote now occurs more than once; the citation must pick one.</summary>
    Ambiguous,

    /// <summary>The quote is no longer there, but a passage sharing most of its words is.</summary>
    Changed,

    /// <summary>Nothing like the quote is left.</summary>
    Gone,
}
