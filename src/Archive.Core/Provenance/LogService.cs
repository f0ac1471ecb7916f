using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>Reads the event log, builds inclusion and consistency proofs, signs checkpoints and exports the log for outside checking.</summary>
public sealed class LogService
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;

    internal LogService(ArchiveDatabase database, EventLog log)
    {
        _database = database;
        _log = log;
    }

    public IReadOnlyList<LoggedEvent> Events(long from = 0, int limit = int.MaxValue)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, type, capture_id, time, json FROM events WHERE idx >= $from ORDER BY idx LIMIT $limit";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<LoggedEvent>();
        while (reader.Read())
        {
            list.Add(new LoggedEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : CaptureId.Parse(reader.GetString(2)), reader.GetString(3), reader.GetString(4)));
        }

        return list;
    }

    public IReadOnlyList<StoredCheckpoint> Checkpoints()
    {
        using var connection = _database.Open();
        return CheckpointStore.ReadAll(connection);
    }

    public StoredCheckpoint? LatestCheckpoint() => Checkpoints().MaxBy(c => (c.TreeSize, c.Id));

    /// <summary>Signs a checkpoint over the whole log now.</summary>
    public Checkpoint? WriteCheckpoint()
    {
        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = _log.BeginAppend(connection, transaction);
        var checkpoint = appender.Seal();
        transaction.Commit();
        return checkpoint;
    }

    /// <summary>
    /// An inclusion proof for event <paramref name="index"/> in the tree of the latest checkpoint (or <paramref name="size"/>);
    /// false with <paramref name="problem"/> saying which range to use when the index or size is outside the log.
    /// </summary>
    public bool TryProve(long index, long? size, [NotNullWhen(true)] out InclusionProof? proof, [NotNullWhen(false)] out string? problem)
    {
        var leaves = Leaves();
        var treeSize = size ?? LatestCheckpoint()?.TreeSize ?? leaves.Count;
        proof = null;
        if (treeSize <= 0 || treeSize > leaves.Count)
        {
            problem = $"tree size must be between 1 and {leaves.Count}";
            return false;
        }

        if (index < 0 || index >= treeSize)
        {
            problem = $"index must be between 0 and {treeSize - 1}";
            return false;
        }

        var tree = new MerkleTree(leaves);
        var path = tree.InclusionProof(index, treeSize);
        var root = tree.Root(treeSize);
        var json = Events(index, 1)[0].Json;
        proof = new InclusionProof(index, treeSize, leaves[(int)index], path, root, json, MerkleProofs.VerifyInclusion(index, treeSize, leaves[(int)index], path, root));
        problem = null;
        return true;
    }

    /// <summary>Inclusion proofs of several events in the tree of size <paramref name="treeSize"/>, the tree built once.</summary>
    public IReadOnlyList<InclusionProof> ProveMany(IEnumerable<LoggedEvent> events, long treeSize)
    {
        ArgumentNullException.ThrowIfNull(events);
        var leaves = Leaves();
        if (treeSize <= 0 || treeSize > leaves.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), $"tree size must be between 1 and {leaves.Count}");
        }

        var tree = new MerkleTree(leaves);
        var root = tree.Root(treeSize);
        return events.Where(e => e.Index < treeSize).Select(e =>
        {
            var path = tree.InclusionProof(e.Index, treeSize);
            return new InclusionProof(e.Index, treeSize, leaves[(int)e.Index], path, root, e.Json, MerkleProofs.VerifyInclusion(e.Index, treeSize, leaves[(int)e.Index], path, root));
        }).ToList();
    }

    /// <summary>A consistency proof between sizes A and B; false with <paramref name="problem"/> unless 1 &lt;= A &lt;= B &lt;= the log's size.</summary>
    public bool TryConsistency(long size1, long size2, [NotNullWhen(true)] out ConsistencyProof? proof, [NotNullWhen(false)] out string? problem)
    {
        var leaves = Leaves();
        proof = null;
        if (size1 < 1 || size2 < size1 || size2 > leaves.Count)
        {
            problem = $"need 1 <= A <= B <= {leaves.Count}";
            return false;
        }

        var tree = new MerkleTree(leaves);
        var path = tree.ConsistencyProof(size1, size2);
        var root1 = tree.Root(size1);
        var root2 = tree.Root(size2);
        proof = new ConsistencyProof(size1, size2, root1, root2, path, MerkleProofs.VerifyConsistency(size1, size2, path, root1, root2));
        problem = null;
        return true;
    }

    /// <summary>
    /// Writes <c>log.jsonl</c> (one canonical event a line), the latest <c>checkpoint.txt</c> and <c>checkpoint.sig</c>
    /// (DER), <c>public.pem</c>, the checkpoint's time-stamp token with its TSA certificates and its witnesses'
    /// cosignatures (see <see cref="CheckpointFolder"/>), then records an exported event.
    /// </summary>
    public ExportResult Export(string directory, string agent)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var checkpoint = LatestCheckpoint() ?? throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the log has no checkpoint yet: ingest something or run `archive log checkpoint`");
        // A folder exported earlier is what an auditor keeps to prove a later rollback: never write over one.
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new ArchiveException(ArchiveErrorKind.Conflict, $"{directory} is not empty: a log is exported into a new or empty folder, so no checkpoint kept there earlier is overwritten");
        }

        OutputFolder.Create(directory);
        var logPath = Path.Combine(directory, CheckpointFolder.LogFile);
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

        File.WriteAllText(Path.Combine(directory, CheckpointFolder.CheckpointFile), checkpoint.Body, new UTF8Encoding(false));
        File.WriteAllBytes(Path.Combine(directory, CheckpointFolder.SignatureFile), checkpoint.Signature);
        File.WriteAllText(Path.Combine(directory, CheckpointFolder.PublicKeyFile), _log.Signer.PublicKeyPem + "\n");
        using var connection = _database.Open();
        // Only a token the log records: one put in the catalog beside it would hand out its own TSA certificates to pin.
        var stamp = TimestampService.Vouched(connection).Select(v => v.Row).LastOrDefault(r => r.CheckpointId == checkpoint.Id && r.TreeSize == checkpoint.TreeSize && r.Root == checkpoint.Root);
        var tokenPath = Path.Combine(directory, CheckpointFolder.TokenFile);
        var certificatesPath = Path.Combine(directory, CheckpointFolder.TsaCertificatesFile);
        if (stamp is not null)
        {
            // openssl ts -verify -data checkpoint.txt -in checkpoint.tst -token_in -CAfile <the TSA's CA>
            File.WriteAllBytes(tokenPath, stamp.Token);
            File.WriteAllText(certificatesPath, stamp.TsaCerts, new UTF8Encoding(false));
        }
        else
        {
            File.Delete(tokenPath);
            File.Delete(certificatesPath);
        }

        var witnesses = WriteCosignatures(connection, checkpoint, Path.Combine(directory, CheckpointFolder.WitnessesFolder));
        // Recorded where the archive key can sign (an auditor's read-only copy exports without recording, as verify does).
        if (_log.Signer.CanSign)
        {
            using var transaction = ArchiveDatabase.BeginWrite(connection);
            var appender = _log.BeginAppend(connection, transaction);
            appender.Append(new NewEvent(EventType.Exported, null, agent, "ok", new JsonObject
            {
                ["events"] = count,
                ["checkpoint_size"] = checkpoint.TreeSize,
                ["checkpoint_root"] = checkpoint.Root,
            }));
            appender.Seal();
            transaction.Commit();
        }

        return new ExportResult(Path.GetFullPath(directory), count, checkpoint.TreeSize, checkpoint.Root, stamp is not null) { Witnesses = witnesses };
    }

    /// <summary>
    /// Writes <c>&lt;fingerprint&gt;.pem</c> and <c>&lt;fingerprint&gt;.cosig</c> for each witness that cosigned the
    /// checkpoint (the last cosignature of each), replacing what an earlier export left; returns the fingerprints.
    /// </summary>
    private static List<string> WriteCosignatures(Microsoft.Data.Sqlite.SqliteConnection connection, StoredCheckpoint checkpoint, string folder)
    {
        var rows = CosignatureStore.ReadAll(connection)
            .Where(r => r.CheckpointId == checkpoint.Id && r.TreeSize == checkpoint.TreeSize && r.Root == checkpoint.Root)
            .GroupBy(r => r.WitnessKey, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderBy(r => r.WitnessKey, StringComparer.Ordinal)
            .ToList();
        if (Directory.Exists(folder))
        {
            foreach (var stale in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".pem", StringComparison.Ordinal) || f.EndsWith(CheckpointFolder.CosignatureExtension, StringComparison.Ordinal)))
            {
                File.Delete(stale);
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        Directory.CreateDirectory(folder);
        foreach (var row in rows)
        {
            // openssl dgst -sha256 -verify witnesses/<fp>.pem -signature witnesses/<fp>.cosig checkpoint.txt
            File.WriteAllText(Path.Combine(folder, row.WitnessKey + ".pem"), row.WitnessPem, new UTF8Encoding(false));
            File.WriteAllBytes(Path.Combine(folder, row.WitnessKey + CheckpointFolder.CosignatureExtension), row.Signature);
        }

        return [.. rows.Select(r => r.WitnessKey)];
    }

    private List<byte[]> Leaves()
    {
        using var connection = _database.Open();
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
