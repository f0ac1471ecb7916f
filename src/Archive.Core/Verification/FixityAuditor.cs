using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Enumeration;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Archive.Core.Verification;

/// <summary>
/// Re-hashes every stored original, text, word layout and web-capture screenshot (streamed, on every core) and
/// lists files in the store that no capture accounts for. Originals and texts come from the catalog
/// (<see cref="ReadCaptures"/>); blobs named only by events (screenshots, layouts) are added with <see cref="Expect"/>
/// once the log has been read. <see cref="HashPending"/> hashes whatever was added since it last ran.
/// </summary>
internal sealed class FixityAuditor(ContentStore store)
{
    private readonly Dictionary<string, Blob> _blobs = new(StringComparer.Ordinal);
    private readonly List<VerificationItem> _invalid = [];
    private readonly List<Blob> _pending = [];
    private readonly Stopwatch _busy = new();

    // The store's objects folder and a separator, as UTF-8, where blobs are opened natively (null elsewhere).
    private readonly byte[]? _objectsRootUtf8 = NativeFileSystem.CanHashFiles ? System.Text.Encoding.UTF8.GetBytes(store.ObjectsRoot + Path.DirectorySeparatorChar) : null;
    private long _total;
    private long _done;

    /// <summary>One capture as the catalog holds it, for checking against the log.</summary>
    internal sealed record CaptureRow(string Id, string TextSha256);

    /// <summary>Time spent hashing (the part comparable to <c>sha256sum</c>); calls of <see cref="HashPending"/> must not overlap.</summary>
    public TimeSpan Busy => _busy.Elapsed;

    /// <summary>Reads every capture and expects its original and its text; returns the captures in catalog order.</summary>
    public IReadOnlyList<CaptureRow> ReadCaptures(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var captures = new List<CaptureRow>();
        // Straight from SQLite's row buffers: this runs once per verify, before anything else can start.
        var db = connection.Handle!;
        RawSqlite.Check(db, raw.sqlite3_prepare_v2(db, "SELECT id, text_sha256, size, text_bytes FROM captures ORDER BY rowid", out var statement));
        using (statement)
        {
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var idBytes = raw.sqlite3_column_blob(statement, 0);
                var id = Encoding.UTF8.GetString(idBytes);
                var textBytes = raw.sqlite3_column_blob(statement, 1);
                var text = textBytes.SequenceEqual(idBytes) ? id : Encoding.UTF8.GetString(textBytes);
                captures.Add(new CaptureRow(id, text));
                Expect("original", id, id, raw.sqlite3_column_int64(statement, 2));
                Expect("text", text, id, raw.sqlite3_column_int64(statement, 3));
            }

            if (rc != raw.SQLITE_DONE)
            {
                RawSqlite.Check(db, rc);
            }
        }

        return captures;
    }

    /// <summary>
    /// Expects the blob <paramref name="digest"/> in the role <paramref name="kind"/> of a capture. A digest that is not
    /// SHA-256 is a problem of that item; <paramref name="size"/> only sizes the progress bar. Problems name the
    /// capture but not its title (the caller adds titles to the few items that need them).
    /// </summary>
    public void Expect(string kind, string digest, string captureId, long size = 0)
    {
        if (!TryNormalize(digest, out var id))
        {
            _invalid.Add(new VerificationItem(kind, ItemStatus.Changed, captureId, Expected: digest, Detail: "the catalog names no SHA-256 digest for this file"));
            return;
        }

        if (!_blobs.TryGetValue(id, out var blob))
        {
            blob = new Blob(id, Convert.FromHexString(id.AsSpan(Sha256Digest.Prefix.Length)));
            _blobs[id] = blob;
            _pending.Add(blob);
            _total += Math.Max(0, size);
        }

        blob.Roles.Add((kind, captureId));
    }

    /// <summary>
    /// Expects a text that a later text-extracted event replaced, unless that blob is already expected (a text that
    /// came back) or the event names no SHA-256 digest: earlier texts stay in the store and citable.
    /// </summary>
    public void ExpectEarlierText(string digest, string captureId)
    {
        if (TryNormalize(digest, out var id) && !_blobs.ContainsKey(id))
        {
            Expect("text", id, captureId);
        }
    }

    /// <summary>The <c>sha256:</c> form of a digest: as given when it already is (the usual case, checked without allocating), else parsed.</summary>
    private static bool TryNormalize(string digest, out string id)
    {
        var hex = digest.AsSpan();
        if (hex.Length == Sha256Digest.Prefix.Length + 64 && hex.StartsWith(Sha256Digest.Prefix, StringComparison.Ordinal) && IsLowerHex(hex[Sha256Digest.Prefix.Length..]))
        {
            id = digest;
            return true;
        }

        id = Sha256Digest.TryParse(digest, out var parsed) ? parsed.Value.Id : string.Empty;
        return id.Length > 0;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> hex)
    {
        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hashes every blob expected since the last call, on every core.</summary>
    public void HashPending(IProgress<VerifyProgress>? progress, CancellationToken cancellationToken)
    {
        var batch = _pending.ToArray();
        _pending.Clear();
        if (batch.Length == 0)
        {
            return;
        }

        _busy.Start();
        try
        {
            Parallel.ForEach(
                Partitioner.Create(0, batch.Length, 256),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                range =>
                {
                    long bytes = 0;
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        bytes += Hash(batch[i], cancellationToken);
                    }

                    var done = Interlocked.Add(ref _done, bytes);
                    progress?.Report(new VerifyProgress("hashing", done, Math.Max(done, Interlocked.Read(ref _total))));
                });
        }
        finally
        {
            _busy.Stop();
        }
    }

    /// <summary>
    /// The files in the store that are not where an expected blob lives (listed while other checks run, without
    /// building a path for the files that are); <see cref="Finish"/> checks them again against every blob expected
    /// by then. Must not overlap <see cref="Expect"/>.
    /// </summary>
    public List<string> ListUnexpected()
    {
        var unexpected = new List<string>();
        if (Directory.Exists(store.ObjectsRoot))
        {
            var lookup = _blobs.GetAlternateLookup<ReadOnlySpan<char>>();
            var root = store.ObjectsRoot;
            var files = new FileSystemEnumerable<string>(root, (ref FileSystemEntry entry) => entry.ToFullPath(), new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && !IsExpected(lookup, root, entry.Directory, entry.FileName),
            };
            unexpected.AddRange(files);
        }

        unexpected.AddRange(store.EnumerateTemporaryFiles());
        return unexpected;
    }

    /// <summary>Whether <c>root/xx/name</c> is the place of an expected blob whose hex digest is <paramref name="name"/>.</summary>
    private static bool IsExpected(Dictionary<string, Blob>.AlternateLookup<ReadOnlySpan<char>> lookup, string root, ReadOnlySpan<char> directory, ReadOnlySpan<char> name)
    {
        if (name.Length != 64 || directory.Length != root.Length + 3 || !directory.StartsWith(root, StringComparison.Ordinal) ||
            directory[root.Length] != Path.DirectorySeparatorChar || !directory[(root.Length + 1)..].SequenceEqual(name[..2]))
        {
            return false;
        }

        Span<char> id = stackalloc char[Sha256Digest.Prefix.Length + 64];
        Sha256Digest.Prefix.CopyTo(id);
        name.CopyTo(id[Sha256Digest.Prefix.Length..]);
        return lookup.ContainsKey(id);
    }

    /// <summary>The verdicts: items that hashed as expected, problems (sorted), files and bytes hashed.</summary>
    public (int Ok, List<VerificationItem> Problems, int Files, long Bytes) Finish(IEnumerable<string> unexpected)
    {
        ArgumentNullException.ThrowIfNull(unexpected);
        var problems = new List<VerificationItem>(_invalid);
        var ok = 0;
        long bytes = 0;
        foreach (var blob in _blobs.Values)
        {
            bytes += blob.Size;
            foreach (var (kind, captureId) in blob.Roles)
            {
                if (blob.Status is null)
                {
                    ok++;
                }
                else
                {
                    problems.Add(new VerificationItem(kind, blob.Status, captureId, Path: blob.Path, Expected: blob.Id, Actual: blob.Actual, Detail: blob.Detail));
                }
            }
        }

        var lookup = _blobs.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var file in unexpected)
        {
            if (!IsExpected(lookup, store.ObjectsRoot, Path.GetDirectoryName(file.AsSpan()), Path.GetFileName(file.AsSpan())))
            {
                problems.Add(new VerificationItem("blob", ItemStatus.Untracked, Path: file, Detail: "no capture or text refers to this file"));
            }
        }

        var ordered = problems.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Id ?? p.Path, StringComparer.Ordinal).ToList();
        return (ok, ordered, _blobs.Count, bytes);
    }

    /// <summary>Hashes one blob and records its verdict; returns the bytes read.</summary>
    private long Hash(Blob blob, CancellationToken cancellationToken)
    {
        try
        {
            Span<byte> hash = stackalloc byte[32];
            long size;
            if (_objectsRootUtf8 is { } root)
            {
                // root/xx/hex as UTF-8 on the stack: no path string for a blob that hashes as expected.
                var hex = blob.Id.AsSpan(Sha256Digest.Prefix.Length);
                Span<byte> path = stackalloc byte[root.Length + 3 + hex.Length];
                root.CopyTo(path);
                System.Text.Encoding.ASCII.GetBytes(hex[..2], path[root.Length..]);
                path[root.Length + 2] = (byte)Path.DirectorySeparatorChar;
                System.Text.Encoding.ASCII.GetBytes(hex, path[(root.Length + 3)..]);
                size = NativeFileSystem.HashFile(path, hash, ContentStore.HashBufferSize, cancellationToken);
            }
            else
            {
                var (digest, length) = ContentStore.HashFileBytes(PathOf(blob), cancellationToken);
                digest.CopyTo(hash);
                size = length;
            }

            blob.Size = size;
            if (!hash.SequenceEqual(blob.Expected))
            {
                blob.Status = ItemStatus.Changed;
                blob.Actual = Sha256Digest.FromBytes(hash).Id;
                blob.Path = PathOf(blob);
            }

            return size;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            blob.Status = ItemStatus.Missing;
            blob.Path = PathOf(blob);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            blob.Status = ItemStatus.Unreadable;
            blob.Detail = ex.Message;
            blob.Path = PathOf(blob);
        }

        return 0;
    }

    private string PathOf(Blob blob) => blob.Path ?? store.PathForHex(blob.Id[Sha256Digest.Prefix.Length..]);

    /// <summary>One stored file, the roles it plays, and what hashing it found.</summary>
    private sealed class Blob(string id, byte[] expected)
    {
        public string Id { get; } = id;

        /// <summary>Where the store keeps it; set when it is hashed.</summary>
        public string? Path { get; set; }

        public byte[] Expected { get; } = expected;

        public List<(string Kind, string CaptureId)> Roles { get; } = new(1);

        public long Size { get; set; }

        public string? Status { get; set; }

        public string? Actual { get; set; }

        public string? Detail { get; set; }
    }
}
