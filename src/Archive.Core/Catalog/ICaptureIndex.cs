namespace Archive.Core.Catalog;

/// <summary>
/// The search index derived from the catalog. The catalog's commit acknowledges a capture; after each commit that
/// adds or changes captures, the writer tells the index, which catches up from the catalog (or leaves that to the
/// process holding its writer). Implemented by the search backend.
/// </summary>
internal interface ICaptureIndex
{
    /// <summary>Null when the index can take new captures; otherwise what is wrong with it, for a user (the fix is <c>archive reindex</c>).</summary>
    string? Problem();

    /// <summary>Brings the index up to the catalog after a commit. Never throws for the index's sake: the catalog has already committed.</summary>
    void CatalogChanged();

    /// <summary>
    /// Starts a batch of catalog commits (a batch ingest). Each commit of the batch is reported to the batch with the
    /// canonical texts already in memory; the index may keep its writer and commit less often, and has committed
    /// everything reported when the batch is disposed.
    /// </summary>
    ICaptureIndexBatch BeginBatch();

    /// <summary>
    /// What is wrong with the index against the catalog, for <c>archive verify</c>: a problem that stops searches,
    /// events it does not cover yet, and captures it holds that the catalog does not. Empty when it is in step.
    /// </summary>
    IReadOnlyList<IndexFinding> Audit(CancellationToken cancellationToken);
}
