using Archive.Core.Search.Engine;
using Archive.Core.Search.Semantic;

namespace Archive.Core.Search;

/// <summary>
/// Rebuilds the search index from the stored canonical texts (<see cref="LuceneIndex.Rebuild"/>): a cancelled or
/// failed rebuild leaves the old index as it was. Needed after an analyzer change, and to upgrade an archive whose
/// index an older version built in SQLite FTS5. An archive with vectors for search by meaning has them made again.
/// </summary>
internal sealed class Reindexer(LuceneIndex index, SemanticIndex semantic)
{
    public int Reindex(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) => index.Rebuild(progress, cancellationToken);

    /// <summary>
    /// Empties the vectors and embeds every text again, when the archive has vectors at all (null otherwise).
    /// Cancelled, it keeps the texts already done; <c>archive embed</c> goes on from there.
    /// </summary>
    public EmbedResult? ReEmbed(IProgress<EmbedProgress>? progress, CancellationToken cancellationToken)
    {
        if (!semantic.Exists)
        {
            return null;
        }

        semantic.Clear();
        return semantic.EmbedWaiting(progress, cancellationToken);
    }
}
