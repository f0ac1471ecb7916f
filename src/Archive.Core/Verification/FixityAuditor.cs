using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Verification;

/// <summary>
/// Re-hashes every stored original, text, word layout and web-capture screenshot (streamed, two files at a time) and
/// lists files in the store that no capture accounts for.
/// </summary>
internal static class FixityAuditor
{
    private sealed record Expected(string Kind, string CaptureId, string? Title);

    public static (int Ok, List<VerificationItem> Problems, int Files, long Bytes) Audit(
        SqliteConnection connection,
        ContentStore store,
        IProgress<VerifyProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(store);
        var expected = new Dictionary<string, List<Expected>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, text_sha256, title FROM captures ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetString(0);
                var title = reader.IsDBNull(2) ? null : reader.GetString(2);
                AddExpected(expected, id, new Expected("original", id, title));
                AddExpected(expected, reader.GetString(1), new Expected("text", id, title));
            }
        }

        // A web capture's screenshot is a derived blob named only in its captured event (read raw, as an auditor should).
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT e.capture_id, json_extract(e.json, '$.data.screenshot.sha256'), c.title
                FROM events e LEFT JOIN captures c ON c.id = e.capture_id
                WHERE e.type = 'captured' ORDER BY e.idx
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
                {
                    AddExpected(expected, reader.GetString(1), new Expected("screenshot", reader.GetString(0), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }
        }

        // Word layouts are derived items named by text-extracted events (OCR boxes cannot be recomputed for free).
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT e.capture_id, e.json, c.title FROM events e LEFT JOIN captures c ON c.id = e.capture_id WHERE e.type = 'text-extracted' AND e.json LIKE '%\"layout\":%' ORDER BY e.idx";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (JsonNode.Parse(reader.GetString(1))?["data"]?["layout"]?.GetValue<string>() is { } layout && Sha256Digest.TryParse(layout, out _))
                {
                    var id = reader.GetString(0);
                    AddExpected(expected, layout, new Expected("layout", id, reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }
        }

        // A re-extracted capture's earlier texts are named only by their text-extracted events: they stay in the store,
        // citable, and are re-hashed like the current one.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT e.capture_id, json_extract(e.json, '$.data.replaces'), c.title FROM events e LEFT JOIN captures c ON c.id = e.capture_id
                WHERE e.type = 'text-extracted' AND json_extract(e.json, '$.data.replaces') IS NOT NULL ORDER BY e.idx
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var replaced = reader.GetString(1);
                if (Sha256Digest.TryParse(replaced, out _) && !expected.ContainsKey(replaced))
                {
                    AddExpected(expected, replaced, new Expected("text", reader.GetString(0), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }
        }

        var problems = new ConcurrentBag<VerificationItem>();
        var ok = 0;
        long bytes = 0;
        long done = 0;
        var digests = expected.Keys.Select(Sha256Digest.Parse).ToList();
        // Sizes are only needed to draw progress: skip the extra stat per file when nobody watches.
        var total = progress is null ? 0 : digests.Sum(d => SizeOf(store.PathFor(d)));
        Parallel.ForEach(
            digests,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken },
            digest =>
            {
                var path = store.PathFor(digest);
                var roles = expected[digest.Id];
                string? status = null;
                string? actual = null;
                string? detail = null;
                try
                {
                    var (hash, size) = ContentStore.HashFile(path, cancellationToken);
                    Interlocked.Add(ref bytes, size);
                    if (progress is not null)
                    {
                        progress.Report(new VerifyProgress("hashing", Interlocked.Add(ref done, size), total));
                    }

                    if (hash != digest)
                    {
                        status = ItemStatus.Changed;
                        actual = hash.Id;
                    }
                }
                catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
                {
                    status = ItemStatus.Missing;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    status = ItemStatus.Unreadable;
                    detail = ex.Message;
                }

                foreach (var role in roles)
                {
                    if (status is null)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        problems.Add(new VerificationItem(role.Kind, status, role.CaptureId, role.Title, path, digest.Id, actual, Detail: detail));
                    }
                }
            });

        var known = new HashSet<string>(digests.Select(store.PathFor), StringComparer.Ordinal);
        foreach (var file in store.EnumerateFiles())
        {
            if (!known.Contains(file))
            {
                problems.Add(new VerificationItem("blob", ItemStatus.Untracked, Path: file, Detail: "no capture or text refers to this file"));
            }
        }

        var ordered = problems.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Id ?? p.Path, StringComparer.Ordinal).ToList();
        return (ok, ordered, digests.Count, bytes);
    }

    private static void AddExpected(Dictionary<string, List<Expected>> expected, string digest, Expected role)
    {
        if (!expected.TryGetValue(digest, out var list))
        {
            list = [];
            expected[digest] = list;
        }

        list.Add(role);
    }

    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
