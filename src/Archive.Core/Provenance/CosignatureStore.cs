using Microsoft.Data.Sqlite;

namespace Archive.Core.Provenance;

/// <summary>
/// Witness cosignatures over checkpoints: a witness's DER ECDSA P-256 signature over the exact bytes of
/// <c>checkpoint.txt</c>, the same form as the archive's (<c>openssl dgst -sha256 -verify witness.pem -signature
/// checkpoint.cosig checkpoint.txt</c>), with the witness's public key and fingerprint.
/// </summary>
internal static class CosignatureStore
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS cosignatures(
            id            INTEGER PRIMARY KEY,
            checkpoint_id INTEGER NOT NULL,
            tree_size     INTEGER NOT NULL,
            root          TEXT NOT NULL,
            witness_key   TEXT NOT NULL,
            witness_pem   TEXT NOT NULL,
            signature     BLOB NOT NULL
        ) STRICT;
        """;

    private const string Select = "SELECT id, checkpoint_id, tree_size, root, witness_key, witness_pem, signature FROM cosignatures";

    /// <summary>One stored cosignature.</summary>
    internal sealed record Row(long Id, long CheckpointId, long TreeSize, string Root, string WitnessKey, string WitnessPem, byte[] Signature);

    /// <summary>
    /// Stores <paramref name="row"/> unless its witness already cosigned its checkpoint; returns that earlier
    /// cosignature (and stores nothing), else null. The check and the insert share one write transaction.
    /// </summary>
    public static Row? Insert(SqliteConnection connection, Row row)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(row);
        using var transaction = Storage.ArchiveDatabase.BeginWrite(connection);
        Storage.ArchiveDatabase.Execute(connection, Sql, transaction);
        using (var existing = connection.CreateCommand())
        {
            existing.Transaction = transaction;
            existing.CommandText = $"{Select} WHERE checkpoint_id = $checkpoint AND witness_key = $key ORDER BY id LIMIT 1";
            existing.Parameters.AddWithValue("$checkpoint", row.CheckpointId);
            existing.Parameters.AddWithValue("$key", row.WitnessKey);
            using var reader = existing.ExecuteReader();
            if (reader.Read())
            {
                return Read(reader);
            }
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO cosignatures(checkpoint_id, tree_size, root, witness_key, witness_pem, signature)
            VALUES ($checkpoint, $size, $root, $key, $pem, $sig)
            """;
        command.Parameters.AddWithValue("$checkpoint", row.CheckpointId);
        command.Parameters.AddWithValue("$size", row.TreeSize);
        command.Parameters.AddWithValue("$root", row.Root);
        command.Parameters.AddWithValue("$key", row.WitnessKey);
        command.Parameters.AddWithValue("$pem", row.WitnessPem);
        command.Parameters.AddWithValue("$sig", row.Signature);
        command.ExecuteNonQuery();
        transaction.Commit();
        return null;
    }

    /// <summary>Every cosignature, oldest first; none in an archive no witness has signed (the table is made on first use).</summary>
    public static IReadOnlyList<Row> ReadAll(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cosignatures'";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"{Select} ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>
    /// Each cosignature that does not hold over its checkpoint, as a sentence naming the witness and the checkpoint.
    /// With <paramref name="pinned"/> (witness fingerprints an auditor pinned), a cosignature by any other key is one too:
    /// the key stored beside it in the archive proves nothing on its own.
    /// </summary>
    public static List<string> Problems(SqliteConnection connection, IReadOnlyCollection<string>? pinned = null)
    {
        var checkpoints = CheckpointStore.ReadAll(connection).ToDictionary(c => c.Id);
        var problems = new List<string>();
        var cosigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in ReadAll(connection))
        {
            var who = $"cosignature by witness sha256:{row.WitnessKey[..Math.Min(16, row.WitnessKey.Length)]}… on checkpoint {row.TreeSize}";
            using var key = CheckpointSigner.FromPublicPem(row.WitnessPem);
            if (!checkpoints.TryGetValue(row.CheckpointId, out var checkpoint) || checkpoint.TreeSize != row.TreeSize || checkpoint.Root != row.Root)
            {
                problems.Add($"{who}: the checkpoint it signs is not in the catalog");
            }
            else if (key is null || key.KeyId != row.WitnessKey)
            {
                problems.Add($"{who}: the stored witness key is not the key it names");
            }
            else if (!key.Verify(System.Text.Encoding.UTF8.GetBytes(checkpoint.Body), row.Signature))
            {
                problems.Add($"{who}: does not verify over that checkpoint (root {checkpoint.Root}): it was made over another checkpoint or changed");
            }
            else if (pinned is not null && !pinned.Contains(row.WitnessKey))
            {
                problems.Add($"{who}: witness sha256:{row.WitnessKey} is not pinned by the auditor (pinned: {string.Join(", ", pinned.Select(k => $"sha256:{k[..Math.Min(16, k.Length)]}…"))})");
            }
            else
            {
                cosigned.Add(row.WitnessKey);
            }
        }

        // A pinned witness vouches for nothing unless one of its cosignatures holds here: deleting them all must not pass.
        foreach (var witness in pinned ?? [])
        {
            if (!cosigned.Contains(witness))
            {
                problems.Add($"witness sha256:{witness[..Math.Min(16, witness.Length)]}… is pinned by the auditor but no cosignature of it holds over any checkpoint here: its cosignatures were removed, or it never cosigned this archive");
            }
        }

        return problems;
    }

    private static Row Read(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), (byte[])reader.GetValue(6));
}
