using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>Reads the event log, builds inclusion and consistency proofs, signs checkpoints and exports the log for outside checking.</summary>
internal sealed class LogService(ArchiveDatabase database, EventLog log)
{
    public IReadOnlyList<LoggedEvent> Events(long from = 0, int limit = int.MaxValue)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, type, capture_id, time, json FROM events WHERE idx >= $from ORDER BY idx LIMIT $limit";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<LoggedEvent>();
        while (reader.Read())
        {
            list.Add(new LoggedEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return list;
    }

    public IReadOnlyList<StoredCheckpoint> Checkpoints()
    {
        using var connection = database.Open();
        return CheckpointStore.ReadAll(connection);
    }

    public StoredCheckpoint? LatestCheckpoint() => Checkpoints().MaxBy(c => (c.TreeSize, c.Id));

    /// <summary>Signs a checkpoint over the whole log now.</summary>
    public Checkpoint? WriteCheckpoint()
    {
        using var connection = database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = log.BeginAppend(connection, transaction);
        var checkpoint = appender.Seal();
        transaction.Commit();
        return checkpoint;
    }

    /// <summary>An inclusion proof for event <paramref name="index"/> in the tree of the latest checkpoint (or <paramref name="size"/>).</summary>
    public InclusionProof Prove(long index, long? size = null)
    {
        var leaves = Leaves();
        var treeSize = size ?? LatestCheckpoint()?.TreeSize ?? leaves.Count;
        if (treeSize <= 0 || treeSize > leaves.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"tree size must be between 1 and {leaves.Count}");
        }

        if (index < 0 || index >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index must be between 0 and {treeSize - 1}");
        }

        var tree = new MerkleTree(leaves);
        var proof = tree.InclusionProof(index, treeSize);
        var root = tree.Root(treeSize);
        var json = Events(index, 1)[0].Json;
        return new InclusionProof(index, treeSize, leaves[(int)index], proof, root, json, MerkleProofs.VerifyInclusion(index, treeSize, leaves[(int)index], proof, root));
    }

    public ConsistencyProof Consistency(long size1, long size2)
    {
        var leaves = Leaves();
        if (size1 < 1 || size2 < size1 || size2 > leaves.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(size2), $"need 1 <= A <= B <= {leaves.Count}");
        }

        var tree = new MerkleTree(leaves);
        var proof = tree.ConsistencyProof(size1, size2);
        var root1 = tree.Root(size1);
        var root2 = tree.Root(size2);
        return new ConsistencyProof(size1, size2, root1, root2, proof, MerkleProofs.VerifyConsistency(size1, size2, proof, root1, root2));
    }

    /// <summary>
    /// Writes <c>log.jsonl</c> (one canonical event a line), the latest <c>checkpoint.txt</c> and <c>checkpoint.sig</c>
    /// (DER), and <c>public.pem</c>, then records an exported event.
    /// </summary>
    public ExportResult Export(string directory, string agent)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var checkpoint = LatestCheckpoint() ?? throw new InvalidOperationException("the log has no checkpoint yet: ingest something or run `archive log checkpoint`");
        Directory.CreateDirectory(directory);
        var logPath = Path.Combine(directory, "log.jsonl");
        long count = 0;
        using (var writer = new StreamWriter(logPath, append: false, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            foreach (var e in Events(0, checked((int)Math.Min(checkpoint.TreeSize, int.MaxValue))))
            {
                writer.WriteLine(e.Json);
                count++;
            }
        }

        File.WriteAllText(Path.Combine(directory, "checkpoint.txt"), checkpoint.Body, new UTF8Encoding(false));
        File.WriteAllBytes(Path.Combine(directory, "checkpoint.sig"), checkpoint.Signature);
        File.WriteAllText(Path.Combine(directory, "public.pem"), log.Signer.PublicKeyPem + "\n");

        using var connection = database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = log.BeginAppend(connection, transaction);
        appender.Append(new NewEvent(EventType.Exported, null, agent, "ok", new JsonObject
        {
            ["events"] = count,
            ["checkpoint_size"] = checkpoint.TreeSize,
            ["checkpoint_root"] = checkpoint.Root,
        }));
        appender.Seal();
        transaction.Commit();
        return new ExportResult(Path.GetFullPath(directory), count, checkpoint.TreeSize, checkpoint.Root);
    }

    private List<byte[]> Leaves()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM events ORDER BY idx";
        using var reader = command.ExecuteReader();
        var leaves = new List<byte[]>();
        while (reader.Read())
        {
            leaves.Add(MerkleHash.LeafHash(Encoding.UTF8.GetBytes(reader.GetString(0))));
        }

        return leaves;
    }
}
