using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
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
internal sealed class FixityAuditor(ContentStore store) : IDisposable
{
    // Each blob once, numbered in the order expected (its digest in _index, the rest in _blobs under the same number);
    // [_hashed, Count) waits for HashPending. A blob's first role sits in its entry and any further roles in
    // _moreRoles, so a million captures cost a few hundred bytes each and no objects. Arrays and a table of this
    // assembly rather than generic collections of its structs: ReadyToRun compiles these ahead of time.
    private readonly List<VerificationItem> _invalid = [];
    private readonly Stopwatch _busy = new();
    private DigestIndex _index = new();
    private Role[] _moreRoles = new Role[16];
    private int _moreRoleCount;

    // The store's objects folder and a separator, as UTF-8, where blobs are opened natively (null elsewhere).
    private readonly byte[]? _objectsRootUtf8 = NativeFileSystem.CanHashFiles ? System.Text.Encoding.UTF8.GetBytes(store.ObjectsRoot + Path.DirectorySeparatorChar) : null;
    private Blob[] _blobs = new Blob[16];

    // The store's 256 folders (root/00 to root/ff), each opened when a blob in it is first hashed, so that a blob is
    // opened by its name in its folder: the kernel then looks up one name, not the seven or so of its whole path
    // (Reuters, alternately over two batches of 30 rounds: 0.676 → 0.672 and 0.663 → 0.655 s, CPU 1.103 → 1.094 and
    // 1.086 → 1.070 s). 0 until opened, then its descriptor plus one, or -1 when it could not be opened (its blobs
    // are then opened by their paths, and so found missing or unreadable as they are).
    private readonly int[] _folders = new int[256];
    private int _hashed;
    private long _total;
    private long _done;

    /// <summary>One capture as the catalog holds it, for checking against the log.</summary>
    internal readonly struct CaptureRow(DigestName id, DigestName text)
    {
        public DigestName Id { get; } = id;

        public DigestName Text { get; } = text;
    }

    /// <summary>Time spent hashing (the part comparable to <c>sha256sum</c>); calls of <see cref="HashPending"/> must not overlap.</summary>
    public TimeSpan Busy => _busy.Elapsed;

    /// <summary>Reads every capture and expects its original and its text; returns the captures in catalog order.</summary>
    public CaptureRow[] ReadCaptures(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Straight from SQLite's row buffers: this runs once per verify, before anything else can start. The count
        // (read in the caller's snapshot, as the rows are) sizes the tables for an original and a text per capture.
        var db = connection.Handle!;
        var captures = new CaptureRow[ReadCapacity(db)];
        var count = 0;
        Reserve(2 * captures.Length);
        using (var statement = new NativeStatement(db, "SELECT id, text_sha256, size, text_bytes FROM captures ORDER BY rowid"))
        {
            while (statement.Step())
            {
                var idBytes = statement.Blob(0);
                var id = DigestName.OfUtf8(idBytes);
                var textBytes = statement.Blob(1);
                var text = textBytes.SequenceEqual(idBytes) ? id : DigestName.OfUtf8(textBytes);
                if (count == captures.Length)
                {
                    captures = Grown(captures, count);
                }

                captures[count++] = new CaptureRow(id, text);
                Expect("original", id, id, statement.Int64(2));
                Expect("text", text, id, statement.Int64(3));
            }
        }

        return count == captures.Length ? captures : Grown(captures, count, count);
    }

    /// <summary>The number of captures, to size tables by.</summary>
    private static int ReadCapacity(sqlite3 db)
    {
        RawSqlite.Check(db, raw.sqlite3_prepare_v2(db, "SELECT count(*) FROM captures", out var statement));
        using (statement)
        {
            return raw.sqlite3_step(statement) == raw.SQLITE_ROW ? (int)Math.Clamp(raw.sqlite3_column_int64(statement, 0), 0, int.MaxValue / 4) : 0;
        }
    }

    private void Reserve(int blobs)
    {
        blobs = Math.Min(blobs, DigestIndex.MaxPresized);
        if (blobs > _blobs.Length && _index.Count == 0)
        {
            _index = new DigestIndex(blobs);
            _blobs = new Blob[blobs];
            // A capture whose text is its original (plain text) gives that blob a second role.
            _moreRoles = new Role[Math.Max(blobs / 2, 16)];
        }
    }

    /// <summary>A copy of the first <paramref name="count"/> items in an array of <paramref name="length"/> (twice as long by default).</summary>
    private static T[] Grown<T>(T[] items, int count, int? length = null)
    {
        var grown = new T[length ?? Math.Max(16, 2 * items.Length)];
        Array.Copy(items, grown, count);
        return grown;
    }

    /// <summary>
    /// Expects the blob <paramref name="digest"/> in the role <paramref name="kind"/> of a capture. A digest that is not
    /// SHA-256 is a problem of that item; <paramref name="size"/> only sizes the progress bar. Problems name the
    /// capture but not its title (the caller adds titles to the few items that need them).
    /// </summary>
    public void Expect(string kind, DigestName digest, DigestName capture, long size = 0)
    {
        if (!TryNormalize(digest, out var key))
        {
            _invalid.Add(new VerificationItem(kind, ItemStatus.Changed, capture.ToString(), Expected: digest.ToString(), Detail: "the catalog names no SHA-256 digest for this file"));
            return;
        }

        var number = _index.Add(key, out var added);
        if (added)
        {
            if (number == _blobs.Length)
            {
                _blobs = Grown(_blobs, number);
            }

            _blobs[number] = new Blob { Kind = kind, Capture = capture, MoreRoles = -1 };
            _total += Math.Max(0, size);
            return;
        }

        // A further role, chained newest first after the one in the entry (Finish sorts the problems anyway).
        if (_moreRoleCount == _moreRoles.Length)
        {
            _moreRoles = Grown(_moreRoles, _moreRoleCount);
        }

        ref var blob = ref _blobs[number];
        _moreRoles[_moreRoleCount] = new Role(kind, capture, blob.MoreRoles);
        blob.MoreRoles = _moreRoleCount++;
    }

    /// <summary>
    /// Expects a text that a later text-extracted event replaced, unless that blob is already expected (a text that
    /// came back) or the event names no SHA-256 digest: earlier texts stay in the store and citable.
    /// </summary>
    public void ExpectEarlierText(DigestName digest, DigestName capture)
    {
        if (TryNormalize(digest, out var key) && _index.Find(key) < 0)
        {
            Expect("text", key, capture);
        }
    }

    /// <summary>The canonical form of a digest: as given when it already is (the usual case), else parsed in any case, with or without its prefix.</summary>
    private static bool TryNormalize(DigestName digest, out DigestName key)
    {
        if (digest.IsDigest)
        {
            key = digest;
            return true;
        }

        key = Sha256Digest.TryParse(digest.Raw, out var parsed) ? DigestName.Of(parsed.Value.Id) : default;
        return parsed is not null;
    }

    /// <summary>Hashes every blob expected since the last call, on every core.</summary>
    public void HashPending(IProgress<VerifyProgress>? progress, CancellationToken cancellationToken)
    {
        var (from, to) = (_hashed, _index.Count);
        _hashed = to;
        if (from == to)
        {
            return;
        }

        _busy.Start();
        try
        {
            Parallel.ForEach(
                Partitioner.Create(from, to, 256),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                range =>
                {
                    long bytes = 0;
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        bytes += Hash(i, cancellationToken);
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
            var root = store.ObjectsRoot;
            var files = new FileSystemEnumerable<string>(root, (ref FileSystemEntry entry) => entry.ToFullPath(), new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && !IsExpected(root, entry.Directory, entry.FileName),
            };
            unexpected.AddRange(files);
        }

        unexpected.AddRange(store.EnumerateTemporaryFiles());
        return unexpected;
    }

    /// <summary>Whether <c>root/xx/name</c> is the place of an expected blob whose hex digest is <paramref name="name"/>.</summary>
    private bool IsExpected(string root, ReadOnlySpan<char> directory, ReadOnlySpan<char> name) =>
        name.Length == 64 && directory.Length == root.Length + 3 && directory.StartsWith(root, StringComparison.Ordinal) &&
        directory[root.Length] == Path.DirectorySeparatorChar && directory[(root.Length + 1)..].SequenceEqual(name[..2]) &&
        DigestName.TryParseHex(name, out var key) && _index.Find(key) >= 0;

    /// <summary>The verdicts: items that hashed as expected, problems (sorted), files and bytes hashed.</summary>
    public (int Ok, List<VerificationItem> Problems, int Files, long Bytes) Finish(IEnumerable<string> unexpected)
    {
        ArgumentNullException.ThrowIfNull(unexpected);
        var problems = new List<VerificationItem>(_invalid);
        var ok = 0;
        long bytes = 0;
        for (var i = 0; i < _index.Count; i++)
        {
            ref readonly var blob = ref _blobs[i];
            bytes += blob.Size;
            if (blob.Failure is not { } failure)
            {
                ok++;
                for (var more = blob.MoreRoles; more >= 0; more = _moreRoles[more].Next)
                {
                    ok++;
                }

                continue;
            }

            var expected = _index[i].ToString();
            problems.Add(new VerificationItem(blob.Kind, failure.Status, blob.Capture.ToString(), Path: failure.Path, Expected: expected, Actual: failure.Actual, Detail: failure.Detail));
            for (var more = blob.MoreRoles; more >= 0; more = _moreRoles[more].Next)
            {
                var role = _moreRoles[more];
                problems.Add(new VerificationItem(role.Kind, failure.Status, role.Capture.ToString(), Path: failure.Path, Expected: expected, Actual: failure.Actual, Detail: failure.Detail));
            }
        }

        foreach (var file in unexpected)
        {
            if (!IsExpected(store.ObjectsRoot, Path.GetDirectoryName(file.AsSpan()), Path.GetFileName(file.AsSpan())))
            {
                problems.Add(new VerificationItem("blob", ItemStatus.Untracked, Path: file, Detail: "no capture or text refers to this file (an ingest stopped before its commit leaves one; `archive quarantine` moves such files aside)"));
            }
        }

        var ordered = problems.OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.Id ?? p.Path, StringComparer.Ordinal).ToList();
        return (ok, ordered, _index.Count, bytes);
    }

    /// <summary>Hashes blob <paramref name="i"/> and records its verdict; returns the bytes read.</summary>
    private long Hash(int i, CancellationToken cancellationToken)
    {
        ref var blob = ref _blobs[i];
        var key = _index[i];
        try
        {
            Span<byte> hash = stackalloc byte[32];
            long size;
            if (_objectsRootUtf8 is { } root)
            {
                // root/xx/hex as UTF-8 on the stack: no path string for a blob that hashes as expected.
                Span<char> hex = stackalloc char[64];
                key.WriteHex(hex);
                Span<byte> path = stackalloc byte[root.Length + 3 + hex.Length];
                root.CopyTo(path);
                System.Text.Encoding.ASCII.GetBytes(hex[..2], path[root.Length..]);
                path[root.Length + 2] = (byte)Path.DirectorySeparatorChar;
                System.Text.Encoding.ASCII.GetBytes(hex, path[(root.Length + 3)..]);
                var folder = Folder(key.FirstByte, path[..(root.Length + 2)]);
                size = folder >= 0
                    ? NativeFileSystem.HashFileAt(folder, path[(root.Length + 3)..], path, hash, ContentStore.HashBufferSize, cancellationToken)
                    : NativeFileSystem.HashFile(path, hash, ContentStore.HashBufferSize, cancellationToken);
            }
            else
            {
                var (digest, length) = ContentStore.HashFileBytes(PathOf(key), cancellationToken);
                digest.CopyTo(hash);
                size = length;
            }

            blob.Size = size;
            if (!key.IsDigestOf(hash))
            {
                blob.Failure = new Failure(ItemStatus.Changed, PathOf(key), Sha256Digest.FromBytes(hash).Id, null);
            }

            return size;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            blob.Failure = new Failure(ItemStatus.Missing, PathOf(key), null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            blob.Failure = new Failure(ItemStatus.Unreadable, PathOf(key), null, ex.Message);
        }

        return 0;
    }

    private string PathOf(DigestName key) => store.PathForHex(key.Hex());

    /// <summary>The descriptor of the store's folder <paramref name="number"/> (at <paramref name="utf8Path"/>), opened on first use; -1 when it cannot be.</summary>
    private int Folder(int number, ReadOnlySpan<byte> utf8Path)
    {
        var held = Volatile.Read(ref _folders[number]);
        if (held == 0)
        {
            var opened = NativeFileSystem.OpenFolder(System.Text.Encoding.UTF8.GetString(utf8Path));
            held = opened < 0 ? -1 : opened + 1;
            var raced = Interlocked.CompareExchange(ref _folders[number], held, 0);
            if (raced != 0)
            {
                // Another thread opened it first.
                if (opened >= 0)
                {
                    NativeFileSystem.CloseFolder(opened);
                }

                held = raced;
            }
        }

        return held > 0 ? held - 1 : -1;
    }

    /// <summary>Closes the store's folders it opened.</summary>
    public void Dispose()
    {
        for (var i = 0; i < _folders.Length; i++)
        {
            if (Interlocked.Exchange(ref _folders[i], -1) is > 0 and var held)
            {
                NativeFileSystem.CloseFolder(held - 1);
            }
        }
    }

    /// <summary>One stored file (its digest is in the index): its first role, the chain of its other roles, what hashing found.</summary>
    private struct Blob
    {
        public string Kind;
        public DigestName Capture;
        public int MoreRoles;
        public long Size;

        /// <summary>Null while the file hashes as expected (or is not hashed yet).</summary>
        public Failure? Failure;
    }

    /// <summary>A further role of a blob, and the next (-1 at the end).</summary>
    private readonly struct Role(string kind, DigestName capture, int next)
    {
        public string Kind { get; } = kind;

        public DigestName Capture { get; } = capture;

        public int Next { get; } = next;
    }

    /// <summary>What hashing found about a blob that failed.</summary>
    private sealed record Failure(string Status, string Path, string? Actual, string? Detail);
}
