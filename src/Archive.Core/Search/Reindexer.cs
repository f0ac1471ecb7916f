using Archive.Core.Search.Engine;

namespace Archive.Core.Search;

/// <summary>
/// Rebuilds the search index from the stored canonical texts (<see cref="LuceneIndex.Rebuild"/>): a cancelled or
/// failed rebuild leaves the old index as it was. Needed after an analyzer change, and to upgrade an archive whose
/// index an older version built in SQLite FTS5.
/// </summary>
internal sealed class Reindexer(LuceneIndex index)
{
    public int Reindex(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) => index.Rebuild(progress, cancellationToken);
}
