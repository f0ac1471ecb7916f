namespace Archive.Core.Search;

/// <summary>A matching capture by its catalog rowid, with its relevance score (higher is better; 0 when nothing ranks).</summary>
internal readonly record struct RankedCapture(long RowId, double Score);
