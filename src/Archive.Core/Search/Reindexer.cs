using Archive.Core.Catalog;
using Archive.Core.Storage;

namespace Archive.Core.Search;

/// <summary>
/// Rebuilds the full-text index from the stored canonical texts, in one transaction: a cancelled or failed
/// rebuild leaves the old index as it was. Needed after an analyzer change.
/// </summary>
internal sealed class Reindexer(ArchiveDatabase database, ContentStore store, SearchIndex index)
{
    public int Reindex(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var captures = new List<(long RowId, string Title, string Text)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT rowid, coalesce(title, ''), text_sha256 FROM captures ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                captures.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        SearchIndex.Recreate(connection, transaction);
        for (var i = 0; i < captures.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (rowId, title, textDigest) = captures[i];
            var text = File.ReadAllText(store.PathFor(Sha256Digest.Parse(textDigest)));
            index.Add(connection, transaction, rowId, title, text);
            progress?.Report((i + 1, captures.Count));
        }

        index.Stamp(connection, transaction);
        transaction.Commit();
        return captures.Count;
    }
}
