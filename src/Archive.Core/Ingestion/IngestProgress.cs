namespace Archive.Core.Ingestion;

/// <summary>Progress through a batch: files done out of total, and the file last finished.</summary>
internal readonly record struct IngestProgress(int Done, int Total, string Current);
