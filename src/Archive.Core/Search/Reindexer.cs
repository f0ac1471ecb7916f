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
    private readonly string _aliasesPath;

    internal Reindexer(LuceneIndex index, SemanticIndex semantic, string aliasesPath)
    {
        _index = index;
        _semantic = semantic;
        _aliasesPath = aliasesPath;
    }

    /// <summary>
    /// Whether the last <see cref="Reindex"/> upgraded an archive from the FTS5 version that had no <c>aliases.txt</c>
    /// (that version's <c>init</c> wrote none) and so wrote the shipped name-variant sets there.
    /// </summary>
    public bool WroteShippedAliases { get; private set; }

    public int Reindex(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var upgrading = _index.BuiltByFts5Version();
        var count = _index.Rebuild(progress, cancellationToken);
        WroteShippedAliases = upgrading && AliasTable.WriteShipped(_aliasesPath);
        return count;
    }

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
