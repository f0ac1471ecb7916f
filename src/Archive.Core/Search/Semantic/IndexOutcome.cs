namespace Archive.Core.Search.Semantic;

/// <summary>What preparing the HNSW index did.</summary>
public enum IndexOutcome
{
    /// <summary>The store is below the switch point: queries scan exactly, and no index is kept.</summary>
    BelowThreshold,

    /// <summary>The index in memory already held every chunk.</summary>
    Current,

    /// <summary>The index in memory took the chunks added since.</summary>
    Extended,

    /// <summary>The saved file was checked, loaded and brought up to date.</summary>
    Loaded,

    /// <summary>Built from the vectors (no file, a stale file, or a file changed on disk: the reason says which).</summary>
    Built,

    /// <summary>The store changed while the index was being built; the next round builds again.</summary>
    Superseded,

    /// <summary>The HNSW library does not load on this system: queries scan exactly.</summary>
    Unavailable,
}
