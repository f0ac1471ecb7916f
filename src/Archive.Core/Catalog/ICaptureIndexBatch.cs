namespace Archive.Core.Catalog;

/// <summary>A batch of catalog commits fed to the search index (see <see cref="ICaptureIndex.BeginBatch"/>).</summary>
internal interface ICaptureIndexBatch : IDisposable
{
    /// <summary>
    /// Brings the index up to the catalog after one commit of the batch. <paramref name="texts"/> holds canonical texts
    /// by text digest (<c>sha256:…</c>), so they need not be read back from the store. Never throws for the index's
    /// sake: the catalog has already committed.
    /// </summary>
    void CatalogChanged(IReadOnlyDictionary<string, string> texts);
}
