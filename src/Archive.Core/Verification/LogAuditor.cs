using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Verification;

/// <summary>
/// Re-reads every event in index order and checks: indices are contiguous, each row is canonical JSON naming
/// its own index, each names the previous leaf hash, stored leaf hashes match, and the Merkle root at every
/// checkpoint's size equals the signed root, under a valid signature.
/// </summary>
internal static class LogAuditor
{
    private const int MaxReported = 100;

    public static LogAudit Audit(SqliteConnection connection, CheckpointSigner verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(verifier);
        var problems = new List<VerificationItem>();
        var checkpoints = CheckpointStore.ReadAll(connection);
        var wanted = checkpoints.Select(c => c.TreeSize).ToHashSet();
        var roots = new Dictionary<long, byte[]>();
        var textByCapture = new Dictionary<string, string>(StringComparer.Ordinal);
        var accumulator = new MerkleAccumulator();
        byte[]? previousLeaf = null;
        long expected = 0;

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT idx, type, capture_id, time, json, leaf FROM events ORDER BY idx";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = reader.GetInt64(0);
                var json = reader.GetString(4);
                var storedLeaf = (byte[])reader.GetValue(5);
                var leaf = MerkleHash.LeafHash(Encoding.UTF8.GetBytes(json));
                if (index != expected)
                {
                    Add(problems, Broken(expected, index > expected
                        ? $"events {expected}..{index - 1} are missing (deleted rows)"
                        : $"row index {index} is out of order"));
                    expected = index;
                }

                var (problem, at) = CheckEvent(index, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), json, previousLeaf, textByCapture);
                if (problem is not null)
                {
                    Add(problems, Broken(at, problem));
                }
                else if (!leaf.AsSpan().SequenceEqual(storedLeaf))
                {
                    Add(problems, Broken(index, "stored leaf hash does not match the event's JSON"));
                }

                accumulator.Append(leaf);
                previousLeaf = leaf;
                expected++;
                if (wanted.Contains(accumulator.Size))
                {
                    roots[accumulator.Size] = accumulator.Root();
                }
            }
        }

        // Rows deleted from the end leave no gap to see; the signed checkpoints still say how long the log was.
        var signedSize = checkpoints.Count == 0 ? 0 : checkpoints.Max(c => c.TreeSize);
        if (signedSize > accumulator.Size)
        {
            Add(problems, Broken(accumulator.Size, $"events {accumulator.Size}..{signedSize - 1} are missing: a checkpoint covers {signedSize} events (deleted rows)"));
        }

        foreach (var checkpoint in checkpoints)
        {
            if (CheckCheckpoint(checkpoint, verifier, roots, accumulator.Size) is { } detail)
            {
                Add(problems, new VerificationItem("checkpoint", ItemStatus.Changed, Id: checkpoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), LogIndex: checkpoint.TreeSize - 1, Detail: detail, Expected: checkpoint.Root,
                    Actual: roots.TryGetValue(checkpoint.TreeSize, out var r) ? Convert.ToBase64String(r) : null));
            }
        }

        return new LogAudit(problems, accumulator.Size, checkpoints.Count, accumulator.Root(), textByCapture);
    }

    private static (string? Problem, long At) CheckEvent(long index, string type, string? captureId, string time, string json, byte[]? previousLeaf, Dictionary<string, string> textByCapture)
    {
        JsonObject node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return ("event is not valid JSON", index);
        }

        if (!CanonicalJson.IsCanonical(json))
        {
            return ("event JSON is not in canonical form (edited by hand?)", index);
        }

        if (node["index"]?.GetValue<long>() != index)
        {
            return ($"event says it is index {node["index"]}, but sits at {index} (reordered?)", index);
        }

        var prev = node["prev"]?.GetValue<string>();
        var wantPrev = previousLeaf is null ? null : Convert.ToHexStringLower(previousLeaf);
        if (!string.Equals(prev, wantPrev, StringComparison.Ordinal))
        {
            return index == 0 || wantPrev is null
                ? ("the first event must not link to a previous one", index)
                : ($"its hash no longer matches the link recorded in event {index}: it was changed, or events were removed or reordered", index - 1);
        }

        if (!string.Equals(node["type"]?.GetValue<string>(), type, StringComparison.Ordinal) ||
            !string.Equals(node["capture"]?.GetValue<string>(), captureId, StringComparison.Ordinal) ||
            !string.Equals(node["time"]?.GetValue<string>(), time, StringComparison.Ordinal))
        {
            return ("type, capture or time column disagrees with the event's JSON", index);
        }

        if (type == EventType.TextExtracted && captureId is not null && node["data"]?["text"]?.GetValue<string>() is { } text)
        {
            textByCapture[captureId] = text;
        }

        return (null, index);
    }

    private static string? CheckCheckpoint(StoredCheckpoint stored, CheckpointSigner verifier, Dictionary<long, byte[]> roots, long events)
    {
        if (!verifier.Verify(Encoding.UTF8.GetBytes(stored.Body), stored.Signature))
        {
            return "signature does not verify with the archive's public key";
        }

        var parsed = Checkpoint.TryParse(stored.Body);
        if (parsed is null || parsed.TreeSize != stored.TreeSize || Convert.ToBase64String(parsed.Root) != stored.Root)
        {
            return "signed body disagrees with the checkpoint row";
        }

        if (stored.TreeSize > events)
        {
            return $"checkpoint covers {stored.TreeSize} events but the log has {events}: events were deleted";
        }

        return roots.TryGetValue(stored.TreeSize, out var root) && root.AsSpan().SequenceEqual(parsed.Root)
            ? null
            : $"Merkle root over the first {stored.TreeSize} events differs from the signed root";
    }

    private static VerificationItem Broken(long index, string detail) =>
        new("log", ItemStatus.Changed, LogIndex: index, Detail: $"log broken at index {index}: {detail}");

    private static void Add(List<VerificationItem> problems, VerificationItem item)
    {
        if (problems.Count < MaxReported)
        {
            problems.Add(item);
        }
    }
}
