using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Archive.Core.Storage;

namespace Archive.Core.Verification;

/// <summary>One file moved out of the store (or, in a dry run, that would be).</summary>
/// <param name="Path">Where it was, relative to the archive root (<c>blobs/sha256/ab/abcd…</c>).</param>
/// <param name="QuarantinedAs">Where it is now, relative to the archive root; null in a dry run.</param>
/// <param name="Sha256">The SHA-256 of its bytes as read (its name need not agree).</param>
public sealed record QuarantinedFile(string Path, string? QuarantinedAs, long Size, string Sha256, DateTimeOffset StatusChanged);

/// <summary>A file left in the store, with why.</summary>
public sealed record LeftFile(string Path, string Reason);

/// <summary>What <see cref="Quarantine.Run"/> did.</summary>
/// <param name="Folder">The folder the files went to, relative to the archive root; null when nothing moved.</param>
public sealed record QuarantineReport(string? Folder, IReadOnlyList<QuarantinedFile> Moved, IReadOnlyList<LeftFile> Left, bool DryRun, TimeSpan MinAge);

/// <summary>
/// Moves the files of the store that nothing in the archive names out of it, into <c>quarantine/TIME/</c>, byte for
/// byte, with a <c>manifest-sha256.txt</c> that <c>sha256sum -c</c> reads; and the staged files of processes that
/// died before their commit (the next ingest would delete them). An ingest stopped between storing a file and
/// the catalog commit that names it (a crash, kill -9, a full disk) leaves such a file, and verify reports it as
/// untracked until it is gone: this clears that without deleting anything. Only files whose status has not changed for
/// <c>minAge</c> move. A write stores each file (a rename, or for bytes already there a change of mode) at most moments
/// before the commit that names it, so a file a commit is about to name is always recent; each file is also checked
/// again, under the catalog's write lock, against the captures and every event written since the check.
/// </summary>
public sealed class Quarantine
{
    private readonly ArchiveLayout _layout;
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly Verifier _verifier;

    internal Quarantine(ArchiveLayout layout, ArchiveDatabase database, ContentStore store, Verifier verifier)
    {
        _layout = layout;
        _database = database;
        _store = store;
        _verifier = verifier;
    }

    /// <summary>The default of <c>minAge</c>: far longer than any write takes from storing a file to its commit.</summary>
    public static readonly TimeSpan DefaultMinAge = TimeSpan.FromHours(1);

    public QuarantineReport Run(TimeSpan minAge, bool dryRun, IProgress<VerifyProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minAge, TimeSpan.Zero);
        var report = _verifier.Verify("quarantine", record: false, progress, cancellationToken);
        var objects = _store.ObjectsRoot + System.IO.Path.DirectorySeparatorChar;
        static bool IsOrphan(VerificationItem p) => p is { Kind: "blob", Status: ItemStatus.Untracked, Path: not null };
        // The search index is derived, and one behind (after a crash, say) says nothing of the store.
        var others = report.Problems.Where(p => !IsOrphan(p) && p.Kind != "index").ToList();
        if (others.Count > 0 || report.Trust.Any(t => !t.IsOk) || report.Timestamps.Any(t => !t.IsOk))
        {
            // A catalog restored from an older backup, say, makes newer files look like orphans: they stay put.
            throw new ArchiveException(
                ArchiveErrorKind.NeedsAction,
                $"verify finds {others.Count} problem(s) besides untracked files in the store (run `archive verify` to see them): quarantine moves orphans only out of an archive that is otherwise sound, so nothing was moved");
        }

        var candidates = report.Problems
            .Where(IsOrphan)
            .Select(p => System.IO.Path.GetFullPath(p.Path!, _layout.Root))
            .Where(p => p.StartsWith(objects, StringComparison.Ordinal))
            .Concat(StaleTemps())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var moved = new List<(string From, string? To, DateTimeOffset Changed)>();
        var left = new List<LeftFile>();
        if (candidates.Count == 0)
        {
            return new QuarantineReport(null, [], left, dryRun, minAge);
        }

        // File times come from the system clock, not the archive's.
        var stamp = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var folder = System.IO.Path.Combine(_layout.QuarantinePath, stamp);
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        List<QuarantinedFile> files;
        using var connection = _database.Open();
        try
        {
            // Writes commit under the catalog's write lock and check first that what they name is still stored
            // (ContentStore.RequireStored): while this holds the lock, a file moved is one no commit can name unseen.
            using var transaction = dryRun ? null : ArchiveDatabase.BeginWrite(connection);
            foreach (var path in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var relative = Relative(path);
                if (relative.Contains('\\', StringComparison.Ordinal) || relative.Any(char.IsControl))
                {
                    left.Add(new LeftFile(relative, "its name holds a backslash or a control character, which manifest-sha256.txt cannot list; look at it and move it by hand"));
                    continue;
                }

                // A staged file of a process that died is never committed: its age does not matter.
                var stale = _store.IsStaleTemp(path);
                if (!stale && IsNamed(connection, path, report.Events))
                {
                    left.Add(new LeftFile(relative, "a commit since the check names it"));
                    continue;
                }

                // Read last, just before the move: a write that stored the file or found it stored has set it by now.
                var now = TimeProvider.System.GetUtcNow();
                switch (NativeFileSystem.Status(path))
                {
                    case null:
                        left.Add(new LeftFile(relative, File.Exists(path) ? "its status-change time cannot be read here" : "gone since the check"));
                        continue;
                    case { Regular: false }:
                        left.Add(new LeftFile(relative, "not a regular file (a symbolic link, a folder, a pipe or a device); look at it and move it by hand"));
                        continue;
                    case { Changed: var changed } when !stale && now - changed < minAge:
                        left.Add(new LeftFile(relative, $"changed {Age(now - changed)} ago, less than {Age(minAge)}: a write may be about to name it"));
                        continue;
                    case { Changed: var changed } when dryRun:
                        moved.Add((path, null, changed));
                        continue;
                    case { Changed: var changed }:
                        var destination = System.IO.Path.Combine(folder, System.IO.Path.GetRelativePath(_layout.Root, path));
                        try
                        {
                            for (var directory = System.IO.Path.GetDirectoryName(destination)!; directory.Length > _layout.Root.Length; directory = System.IO.Path.GetDirectoryName(directory)!)
                            {
                                dirty.Add(System.IO.Path.GetDirectoryName(directory)!);
                            }

                            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
                            File.Move(path, destination, overwrite: false);
                        }
                        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                        {
                            left.Add(new LeftFile(relative, $"could not be moved: {ex.Message}"));
                            continue;
                        }

                        dirty.Add(System.IO.Path.GetDirectoryName(path)!);
                        dirty.Add(System.IO.Path.GetDirectoryName(destination)!);
                        moved.Add((path, destination, changed));
                        continue;
                }
            }

            // Nothing was written to the catalog: the transaction only kept commits out while files moved.
            transaction?.Rollback();
        }
        finally
        {
            // Each file is hashed once, after the lock is released; whatever moved is listed even when a later file
            // failed, as the manifest is how it is found again.
            files = moved.Select(m =>
            {
                var (sha256, size) = Hash(m.To ?? m.From);
                return new QuarantinedFile(Relative(m.From), m.To is null ? null : Relative(m.To), size, sha256, m.Changed);
            }).ToList();
            if (files.Count > 0 && !dryRun)
            {
                WriteManifest(folder, files);
                dirty.Add(folder);
                _store.SyncDirectories(dirty);
            }
        }

        return new QuarantineReport(files.Count > 0 && !dryRun ? Relative(folder) : null, files, left, dryRun, minAge);
    }

    /// <summary>Writes <c>manifest-sha256.txt</c>, as <c>sha256sum</c> would in <paramref name="folder"/>, durably.</summary>
    private void WriteManifest(string folder, IEnumerable<QuarantinedFile> files)
    {
        var manifest = new StringBuilder();
        foreach (var file in files)
        {
            var path = System.IO.Path.Combine(_layout.Root, file.QuarantinedAs!);
            manifest.Append(file.Sha256).Append("  ").Append(System.IO.Path.GetRelativePath(folder, path)).Append('\n');
        }

        using var stream = new FileStream(System.IO.Path.Combine(folder, "manifest-sha256.txt"), FileMode.CreateNew, FileAccess.Write);
        stream.Write(new UTF8Encoding(false).GetBytes(manifest.ToString()));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Staged files of processes that died (verify leaves recent ones out, as belonging to a write going on).</summary>
    private IEnumerable<string> StaleTemps() =>
        Directory.Exists(_store.TempRoot) ? Directory.EnumerateFiles(_store.TempRoot, "*.tmp").Where(_store.IsStaleTemp) : [];

    private string Relative(string path) => System.IO.Path.GetRelativePath(_layout.Root, path);

    private static string Age(TimeSpan age) =>
        age >= TimeSpan.FromHours(1) ? $"{age.TotalHours:0.#} h" : age >= TimeSpan.FromMinutes(1) ? $"{age.TotalMinutes:0.#} min" : $"{age.TotalSeconds:0.#} s";

    /// <summary>A regular file's SHA-256 and size (it was checked to be one before it moved, and the quarantine is the archive's own).</summary>
    private static (string Sha256, long Size) Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return (Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }

    /// <summary>Whether a capture, a current text or an event written after the check's <paramref name="events"/> names the file.</summary>
    private static bool IsNamed(Microsoft.Data.Sqlite.SqliteConnection connection, string path, long events)
    {
        var name = System.IO.Path.GetFileName(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS(SELECT 1 FROM captures WHERE id = $digest OR text_sha256 = $digest)
                OR EXISTS(SELECT 1 FROM events WHERE idx >= $events AND instr(json, $name) > 0)
            """;
        command.Parameters.AddWithValue("$digest", "sha256:" + name);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$events", events);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }
}
