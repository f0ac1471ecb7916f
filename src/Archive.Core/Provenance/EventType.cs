namespace Archive.Core.Provenance;

/// <summary>The kinds of provenance event, as written in the log.</summary>
public static class EventType
{
    public const string Ingested = "ingested";
    public const string TextExtracted = "text-extracted";
    public const string DuplicateSupplied = "duplicate-supplied";
    public const string MetadataAmended = "metadata-amended";
    public const string FixityChecked = "fixity-checked";
    public const string Exported = "exported";
    public const string CitedInPack = "cited-in-pack";
    public const string Withdrawn = "withdrawn";
    public const string Captured = "captured";
    public const string KeyChanged = "key-changed";
    public const string Timestamped = "timestamped";
    public const string Imported = "imported";
}
