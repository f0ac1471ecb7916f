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

    public static LogAudit Audit(SqliteConnection connection, KeyHistory keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        var problems = new List<VerificationItem>();
        foreach (var (index, message) in keys.Problems)
        {
            Add(problems, new VerificationItem("key", ItemStatus.Changed, LogIndex: index, Detail: message));
        }

        var checkpoints = CheckpointStore.ReadAll(connection);
        var wanted = checkpoints.Select(c => c.TreeSize).ToHashSet();
        var roots = new Dictionary<long, byte[]>();
        var textByCapture = new Dictionary<string, string>(StringComparer.Ordinal);
        var accumulator = new MerkleAccumulator();
        byte[]? previousLeaf = null;
        long expected = 0;

        // The JSON is read as its UTF-8 bytes: those bytes are the Merkle leaf data, and parsing them needs no transcoding.
        var rows = new List<(long Index, string Type, string? Capture, string Time, byte[] Json, byte[] StoredLeaf)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT idx, type, capture_id, time, CAST(json AS BLOB), leaf FROM events ORDER BY idx";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), (byte[])reader.GetValue(4), (byte[])reader.GetValue(5)));
            }
        }
        // Hashing and parsing each event is independent work: spread it over the cores, then walk the chain in order.
        var leaves = new byte[rows.Count][];
        var inspected = new (string? Problem, string? Prev, string? Text)[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var row = rows[i];
            leaves[i] = MerkleHash.LeafHash(row.Json);
            inspected[i] = Inspect(row.Index, row.Type, row.Capture, row.Time, row.Json);
        });
        for (var i = 0; i < rows.Count; i++)
        {
            var (index, type, capture, _, _, storedLeaf) = rows[i];
            var leaf = leaves[i];
            if (index != expected)
            {
                Add(problems, Broken(expected, index > expected
                    ? $"events {expected}..{index - 1} are missing (deleted rows)"
                    : $"row index {index} is out of order"));
                expected = index;
            }

            var (problem, prev, text) = inspected[i];
            var wantPrev = previousLeaf is null ? null : Convert.ToHexStringLower(previousLeaf);
            if (problem is not null)
            {
                Add(problems, Broken(index, problem));
            }
            else if (!string.Equals(prev, wantPrev, StringComparison.Ordinal))
            {
                Add(problems, index == 0 || wantPrev is null
                    ? Broken(index, "the first event must not link to a previous one")
                    : Broken(index - 1, $"its hash no longer matches the link recorded in event {index}: it was changed, or events were removed or reordered"));
            }
            else if (!leaf.AsSpan().SequenceEqual(storedLeaf))
            {
                Add(problems, Broken(index, "stored leaf hash does not match the event's JSON"));
            }

            if (problem is null && type == EventType.TextExtracted && capture is not null && text is not null)
            {
                textByCapture[capture] = text;
            }

            accumulator.Append(leaf);
            previousLeaf = leaf;
            expected++;
            if (wanted.Contains(accumulator.Size))
            {
                roots[accumulator.Size] = accumulator.Root();
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
            if (CheckCheckpoint(checkpoint, keys.KeyFor(checkpoint.TreeSize), roots, accumulator.Size) is { } detail)
            {
                Add(problems, new VerificationItem("checkpoint", ItemStatus.Changed, Id: checkpoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), LogIndex: checkpoint.TreeSize - 1, Detail: detail, Expected: checkpoint.Root,
                    Actual: roots.TryGetValue(checkpoint.TreeSize, out var r) ? Convert.ToBase64String(r) : null));
            }
        }

        return new LogAudit(problems, accumulator.Size, checkpoints.Count, accumulator.Root(), textByCapture, leaves);
    }

    /// <summary>The checks one event allows on its own: valid canonical JSON naming its own index and matching its row.</summary>
    private static (string? Problem, string? Prev, string? Text) Inspect(long index, string type, string? captureId, string time, byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return ("event is not valid JSON", null, null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ("event is not a JSON object", null, null);
            }

            if (!CanonicalJson.IsCanonicalUtf8(json))
            {
                return ("event JSON is not in canonical form (edited by hand?)", null, null);
            }

            if (!root.TryGetProperty("index", out var named) || named.ValueKind != JsonValueKind.Number || !named.TryGetInt64(out var value) || value != index)
            {
                return ($"event says it is index {(root.TryGetProperty("index", out var shown) ? shown.GetRawText() : "nothing")}, but sits at {index} (reordered?)", null, null);
            }

            if (!string.Equals(Text(root, "type"), type, StringComparison.Ordinal) ||
                !string.Equals(Text(root, "capture"), captureId, StringComparison.Ordinal) ||
                !string.Equals(Text(root, "time"), time, StringComparison.Ordinal))
            {
                return ("type, capture or time column disagrees with the event's JSON", null, null);
            }

            var text = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? Text(data, "text") : null;
            return (null, Text(root, "prev"), text);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? CheckCheckpoint(StoredCheckpoint stored, CheckpointSigner verifier, Dictionary<long, byte[]> roots, long events)
    {
        if (!verifier.Verify(Encoding.UTF8.GetBytes(stored.Body), stored.Signature))
        {
            return $"signature does not verify with the key in force at size {stored.TreeSize} (sha256:{verifier.KeyId[..16]}…)";
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
