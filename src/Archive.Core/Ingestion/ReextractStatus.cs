namespace Archive.Core.Ingestion;

/// <summary>What re-extracting one capture came to.</summary>
public enum ReextractStatus
{
    /// <summary>A new text was made and recorded in a new text-extracted event; the earlier text stays valid.</summary>
    Reextracted,

    /// <summary>The new run gave a byte-identical text: nothing was recorded.</summary>
    Unchanged,

    /// <summary>No capture matches the id given.</summary>
    NotFound,

    /// <summary>The capture's text cannot be made again from its original (a web capture).</summary>
    Unsupported,

    /// <summary>The original could not be read again (changed, missing or unreadable); nothing was recorded.</summary>
    Failed,
}
