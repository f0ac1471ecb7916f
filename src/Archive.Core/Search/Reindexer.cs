using Archive.Core.Search.Engine;
using Archive.Core.Search.Semantic;

namespace Archive.Core.Search;

/// <summary>
/// Rebuilds the search index from the stored canonical texts (<see cref="LuceneIndex.Rebuild"/>): a cancelled or
/// failed rebuild leaves the old index as it was. Needed after an analyzer change, and to upgrade an archive whose
/// index an older version built in SQLite FTS5. An archive with vectors for search by meaning has them made again.
/// </summary>
public sealed class Reindexer
{
    private readonly LuceneIndex _index;
    private readonly SemanticIndex _semantic;

    internal Reindexer(LuceneIndex index, SemanticIndex semantic)
    {
        _index = index;
        _semantic = semantic;
    }

    public int Reindex(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken) => _index.Rebuild(progress, cancellationToken);

    /// <summary>
    /// Empties the vectors and embeds every text again, when the archive has vectors at all (null otherwise).
    /// Cancelled, it keeps the texts already done; <c>archive embed</c> goes on from there.
    /// </summary>
    public EmbedResult? ReEmbed(IProgress<EmbedProgress>? progress, CancellationToken cancellationToken)
    {
        if (!_semantic.Exists)
        {
            return null;
        }

        _semantic.Clear();
        return _semantic.EmbedWaiting(progress, cancellationToken);
    }
}
