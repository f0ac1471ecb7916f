using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>Reads and writes signed checkpoints in the catalog.</summary>
internal static class CheckpointStore
{
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, Checkpoint checkpoint, CheckpointSigner signer)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signer);
        var signature = signer.Sign(checkpoint.BodyBytes);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO checkpoints(tree_size, root, time, body, signature, key_id)
            VALUES ($size, $root, $time, $body, $sig, $key)
            """;
        command.Parameters.AddWithValue("$size", checkpoint.TreeSize);
        command.Parameters.AddWithValue("$root", Convert.ToBase64String(checkpoint.Root));
        command.Parameters.AddWithValue("$time", checkpoint.Time);
        command.Parameters.AddWithValue("$body", checkpoint.Body);
        command.Parameters.AddWithValue("$sig", signature);
        command.Parameters.AddWithValue("$key", signer.KeyId);
        command.ExecuteNonQuery();
    }

    public static IReadOnlyList<StoredCheckpoint> ReadAll(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, tree_size, root, time, body, signature, key_id FROM checkpoints ORDER BY id";
        using var reader = command.ExecuteReader();
        var list = new List<StoredCheckpoint>();
        while (reader.Read())
        {
            list.Add(new StoredCheckpoint(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                (byte[])reader.GetValue(5),
                reader.GetString(6)));
        }

        return list;
    }
}
