namespace Archive.Core.Ingestion;

/// <summary>What became of one input file.</summary>
public enum IngestStatus
{
    /// <summary>New bytes: a new capture (of a new source, or a new version of a known one).</summary>
    Ingested,

    /// <summary>These exact bytes are already archived; the new path and metadata were recorded as an event.</summary>
    Duplicate,

    /// <summary>Not archived, with a one-line reason. Nothing was stored.</summary>
    Rejected,

    /// <summary>Found inside a folder but not taken (a hidden file or folder, a symbolic link), with the reason. Nothing was stored.</summary>
    Skipped,
}
