using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>The log's leaf hashes recomputed from the stored events, for checks that must not trust the stored ones.</summary>
internal static class EventLeaves
{
    /// <summary>The leaf hash of every event row (or of the first <paramref name="size"/>), in index order, from the raw JSON bytes.</summary>
    public static List<byte[]> Read(SqliteConnection connection, long? size = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(json AS BLOB) FROM events WHERE idx < $size ORDER BY idx";
        command.Parameters.AddWithValue("$size", size ?? long.MaxValue);
        using var reader = command.ExecuteReader();
        var leaves = new List<byte[]>();
        while (reader.Read())
        {
            leaves.Add(MerkleHash.LeafHash((byte[])reader.GetValue(0)));
        }

        return leaves;
    }

    /// <summary>The leaf hashes of events <paramref name="from"/> to <paramref name="to"/> (exclusive), in the caller's transaction.</summary>
    public static List<byte[]> Read(SqliteConnection connection, SqliteTransaction? transaction, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT CAST(json AS BLOB) FROM events WHERE idx >= $from AND idx < $to ORDER BY idx";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var leaves = new List<byte[]>();
        while (reader.Read())
        {
            leaves.Add(MerkleHash.LeafHash((byte[])reader.GetValue(0)));
        }

        return leaves;
    }
}
