using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>The RFC 3161 tokens over checkpoints, with the TSA certificates they were checked against when obtained.</summary>
internal static class TimestampStore
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS timestamps(
            id            INTEGER PRIMARY KEY,
            checkpoint_id INTEGER NOT NULL,
            tree_size     INTEGER NOT NULL,
            root          TEXT NOT NULL,
            tsa           TEXT NOT NULL,
            gen_time      TEXT NOT NULL,
            token         BLOB NOT NULL,
            tsa_certs     TEXT NOT NULL
        ) STRICT;
        """;

    /// <summary>One stored token.</summary>
    internal sealed record Row(long Id, long CheckpointId, long TreeSize, string Root, string Tsa, string GenTime, byte[] Token, string TsaCerts);

    public static void Create(SqliteConnection connection, SqliteTransaction transaction) => Storage.ArchiveDatabase.Execute(connection, Sql, transaction);

    public static long Insert(SqliteConnection connection, SqliteTransaction transaction, Row row)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(row);
        Create(connection, transaction);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO timestamps(checkpoint_id, tree_size, root, tsa, gen_time, token, tsa_certs)
            VALUES ($checkpoint, $size, $root, $tsa, $time, $token, $certs) RETURNING id
            """;
        command.Parameters.AddWithValue("$checkpoint", row.CheckpointId);
        command.Parameters.AddWithValue("$size", row.TreeSize);
        command.Parameters.AddWithValue("$root", row.Root);
        command.Parameters.AddWithValue("$tsa", row.Tsa);
        command.Parameters.AddWithValue("$time", row.GenTime);
        command.Parameters.AddWithValue("$token", row.Token);
        command.Parameters.AddWithValue("$certs", row.TsaCerts);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Every token, oldest first; none in an archive that never stamped (the table is made on first use).</summary>
    public static IReadOnlyList<Row> ReadAll(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'timestamps'";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, checkpoint_id, tree_size, root, tsa, gen_time, token, tsa_certs FROM timestamps ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), (byte[])reader.GetValue(6), reader.GetString(7)));
        }

        return rows;
    }
}
