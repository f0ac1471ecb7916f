namespace Archive.Core.Search;

/// <summary>
/// All hits of one search as CSV (<see cref="SearchCsv"/>), or why there is none. <see cref="Exported"/> is less than
/// <see cref="Total"/> when the search found more hits than <see cref="SearchLimits.MaxHits"/>, where the export stops.
/// </summary>
/// <param name="Text">The CSV: a header row, then one row per hit, each ending in CRLF; empty when <paramref name="Error"/> is set.</param>
/// <param name="Total">How many hits the search found.</param>
/// <param name="Exported">How many of them are rows of <paramref name="Text"/>.</param>
/// <param name="MaxHits">The cap on rows: the searcher's <see cref="SearchLimits.MaxHits"/>.</param>
/// <param name="Error">Why the search could not run (a syntax error, the time limit, an index to rebuild), or null.</param>
public sealed record SearchCsvExport(string Text, int Total, int Exported, int MaxHits, SearchError? Error)
{
    /// <summary>True when the search found more hits than the export holds.</summary>
    public bool Capped => Exported < Total;
}
