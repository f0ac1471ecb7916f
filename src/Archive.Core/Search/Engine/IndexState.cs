namespace Archive.Core.Search.Engine;

/// <summary>How the search index stands against the catalog, for <c>archive verify</c>.</summary>
/// <param name="CatalogPosition">The last event index in the catalog (-1 for none).</param>
/// <param name="IndexPosition">The last event index the index covers, or null when there is no index.</param>
/// <param name="Documents">Documents in the index.</param>
/// <param name="Unknown">Capture ids in the index that the catalog does not hold (at most a few, for the report).</param>
/// <param name="Missing">
/// Capture ids the catalog holds that the index lacks, other than those a catch-up will index (at most a few).
/// </param>
/// <param name="Problem">What is wrong with the index for searching, or null.</param>
/// <param name="Stranger">
/// Why the index is not this catalog's (<c>ahead</c> of its log, or of an <c>other-log</c>), or null.
/// </param>
/// <param name="Pending">Captures named by events the index does not cover yet (0 when it is in step).</param>
internal sealed record IndexState(long CatalogPosition, long? IndexPosition, int Documents, IReadOnlyList<string> Unknown, IReadOnlyList<string> Missing, string? Problem, Catalog.IndexFinding? Stranger, int Pending);
