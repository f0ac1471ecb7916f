using System.Diagnostics;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Verification;

/// <summary>
/// Files a write running beside verify put in the store after verify's snapshot. An ingest moves each original and
/// text into the store before the catalog commit that names it, so a check that lists the store while an ingest runs
/// finds files its snapshot cannot name. A file written shortly before the check began is waited for until a commit
/// names it (a capture, its current text, or a later event), and then left to the next verify, as every capture
/// committed after the snapshot is; a temporary file that recent belongs to a write still going on. A file no commit
/// names stays untracked: older ones at once, recent ones once the log stops growing or the wait ends.
/// </summary>
internal static class InFlightFiles
{
    /// <summary>How long before the check a file counts as possibly belonging to a write still going on.</summary>
    internal static readonly TimeSpan Recent = TimeSpan.FromMinutes(2);

    /// <summary>The longest verify waits for a commit to name a recent file.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    /// <summary>A log that has not grown for this long is taken to have no write going on.</summary>
    internal static readonly TimeSpan Still = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// <paramref name="problems"/> without the untracked files that a commit after the snapshot (whose last event is
    /// <paramref name="lastEvent"/>) names, or that are temporary files of a write going on.
    /// </summary>
    /// <param name="began">When the check began, by the system clock that stamps file times (not the archive clock).</param>
    public static List<VerificationItem> LeaveOut(ArchiveDatabase database, ContentStore store, List<VerificationItem> problems, long lastEvent, DateTimeOffset began, CancellationToken cancellationToken)
    {
        var recent = problems
            .Where(p => p.Kind == "blob" && p.Status == ItemStatus.Untracked && p.Path is not null && IsRecent(p.Path, began))
            .ToList();
        if (recent.Count == 0)
        {
            return problems;
        }

        var settled = new HashSet<VerificationItem>(ReferenceEqualityComparer.Instance);
        var waiting = Stopwatch.StartNew();
        var grew = Stopwatch.StartNew();
        var seen = lastEvent;
        using var connection = database.OpenUnmapped();
        while (true)
        {
            foreach (var item in recent.Where(i => !settled.Contains(i)))
            {
                if (IsTemporary(store, item.Path!) || IsNamed(connection, store, item.Path!, lastEvent))
                {
                    settled.Add(item);
                }
            }

            var last = LastEvent(connection);
            if (last != seen)
            {
                seen = last;
                grew.Restart();
            }

            if (settled.Count == recent.Count || waiting.Elapsed >= MaxWait || grew.Elapsed >= Still)
            {
                break;
            }

            cancellationToken.WaitHandle.WaitOne(Poll);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return settled.Count == 0 ? problems : [.. problems.Where(p => !settled.Contains(p))];
    }

    private static bool IsRecent(string path, DateTimeOffset began)
    {
        try
        {
            return File.GetLastWriteTimeUtc(path) >= (began - Recent).UtcDateTime;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsTemporary(ContentStore store, string path) =>
        path.StartsWith(store.TempRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// Whether a capture, a current text or an event after the snapshot names the blob at <paramref name="path"/>: a
    /// file at the place of that blob, not a copy of its name elsewhere in the store, which no commit puts there.
    /// </summary>
    private static bool IsNamed(SqliteConnection connection, ContentStore store, string path, long lastEvent)
    {
        var hex = Path.GetFileName(path);
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigitLower) || !string.Equals(path, store.PathForHex(hex), StringComparison.Ordinal))
        {
            return false;
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS(SELECT 1 FROM captures WHERE id = $digest OR text_sha256 = $digest)
                OR EXISTS(SELECT 1 FROM events WHERE idx > $last AND instr(json, $digest) > 0)
            """;
        command.Parameters.AddWithValue("$digest", "sha256:" + hex);
        command.Parameters.AddWithValue("$last", lastEvent);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static long LastEvent(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(idx), -1) FROM events";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
