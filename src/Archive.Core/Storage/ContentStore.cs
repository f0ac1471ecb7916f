using System.Text;
using System.Buffers;
using System.Security.Cryptography;

namespace Archive.Core.Storage;

/// <summary>
/// Content-addressed, write-once storage for originals and canonical texts: <c>blobs/sha256/ab/&lt;64 hex&gt;</c>.
/// A blob is written to a temp file, fsynced, renamed into place and its directory fsynced; it is never modified.
/// </summary>
internal sealed class ContentStore
{
    private const int BufferSize = 1 << 20;

    /// <summary>The read size when hashing stored files.</summary>
    public const int HashBufferSize = BufferSize;
    private const int SyncFsThreshold = 8;
    private const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public ContentStore(string blobsRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobsRoot);
        Root = blobsRoot;
        ObjectsRoot = Path.Combine(blobsRoot, "sha256");
        TempRoot = Path.Combine(blobsRoot, "tmp");
    }

    public string Root { get; }

    public string ObjectsRoot { get; }

    public string TempRoot { get; }

    /// <summary>Where the blob with this digest lives. Derived only from the digest, never from user input.</summary>
    public string PathFor(Sha256Digest digest) => PathForHex(digest.Hex);

    /// <summary>Where the blob with these 64 lowercase hex digits lives (the caller has checked them).</summary>
    public string PathForHex(string hex) => Path.Combine(ObjectsRoot, hex[..2], hex);

    public bool Exists(Sha256Digest digest) => File.Exists(PathFor(digest));

    /// <summary>
    /// Throws when a file a commit is about to name is no longer in the store. Called under the catalog's write lock,
    /// after the files were stored: <c>archive quarantine</c> moves files only while it holds that lock, so a file it
    /// moved after this write stored it (or found it stored) is caught here and the commit does not name it.
    /// </summary>
    public void RequireStored(IEnumerable<Sha256Digest> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        foreach (var digest in digests)
        {
            if (!File.Exists(PathFor(digest)))
            {
                throw new ArchiveException(
                    ArchiveErrorKind.Conflict,
                    $"{digest.Id} left the store before the commit that names it (`archive quarantine` ran beside this write); nothing was committed, run it again");
            }
        }
    }

    /// <summary>
    /// Whether the bytes of <paramref name="digest"/> are stored already, for a caller that will then name them in a
    /// commit without storing them again: the stored file is marked as in use now, as <see cref="Commit"/> marks bytes
    /// it finds already stored (see <see cref="MarkInUse"/>).
    /// </summary>
    public bool TryReuse(Sha256Digest digest)
    {
        var path = PathFor(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        MarkInUse(path);
        return true;
    }

    /// <summary>
    /// Copies a file into a temp file while hashing it, streamed. The copy is not yet durable: call
    /// <see cref="MakeDurable"/> for the group before <see cref="Commit"/>.
    /// </summary>
    public StagedBlob Stage(string sourcePath, CancellationToken cancellationToken) =>
        Stage(buffer => FileChunks(sourcePath, buffer), cancellationToken);

    /// <summary>A temp file to write a blob into as it is produced, hashed as it goes (see <see cref="StagingWriter"/>).</summary>
    public StagingWriter BeginStaging()
    {
        Directory.CreateDirectory(TempRoot);
        return new StagingWriter(NewTempPath());
    }

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8 (no byte-order mark) into a temp file while hashing it, a chunk at a
    /// time: a large text is never held a second time as bytes. Made durable by <see cref="MakeDurable"/>.
    /// </summary>
    public StagedBlob StageText(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Stage(buffer => Utf8Chunks(text, buffer), cancellationToken);
    }

    /// <summary>
    /// Hashes and writes into a new temp file what <paramref name="fill"/> puts into the pooled 1 MiB buffer, chunk by
    /// chunk (each item is how many bytes of the buffer it filled), so the buffer is the only copy in memory.
    /// </summary>
    private StagedBlob Stage(Func<byte[], IEnumerable<int>> fill, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(TempRoot);
        var tempPath = NewTempPath();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                foreach (var chunk in fill(buffer))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    hash.AppendData(buffer, 0, chunk);
                    output.Write(buffer, 0, chunk);
                    size += chunk;
                }
            }

            return new StagedBlob(tempPath, Sha256Digest.FromBytes(hash.GetHashAndReset()), size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A file read into <paramref name="buffer"/> a chunk at a time, unbuffered, so the buffer is its only copy.</summary>
    private static IEnumerable<int> FileChunks(string path, byte[] buffer)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        int read;
        while ((read = input.Read(buffer, 0, BufferSize)) > 0)
        {
            yield return read;
        }
    }

    /// <summary>The SHA-256 and byte count of <paramref name="text"/> as UTF-8, encoded a chunk at a time.</summary>
    public static (Sha256Digest Digest, long Size) HashText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            foreach (var chunk in Utf8Chunks(text, buffer))
            {
                hash.AppendData(buffer, 0, chunk);
                size += chunk;
            }

            return (Sha256Digest.FromBytes(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Encodes <paramref name="text"/> into <paramref name="buffer"/> a piece at a time, yielding the byte count of each
    /// piece. One encoder carries a surrogate pair split across pieces, so the bytes are exactly UTF-8 of the whole.
    /// </summary>
    private static IEnumerable<int> Utf8Chunks(string text, byte[] buffer)
    {
        var encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetEncoder();
        // At most 3 bytes per UTF-16 unit (a surrogate pair takes 4 bytes for 2 units), so a piece always fits.
        var chars = buffer.Length / 3;
        for (var at = 0; at < text.Length || at == 0; at += chars)
        {
            var count = Math.Min(chars, text.Length - at);
            var last = at + count >= text.Length;
            var written = encoder.GetBytes(text.AsSpan(at, count), buffer, flush: last);
            yield return written;
            if (last)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Copies a stream (an upload) into a temporary file under the store while hashing it; at most
    /// <paramref name="maxBytes"/> are accepted (null when the stream is longer, and nothing is left behind).
    /// </summary>
    public async Task<StagedBlob?> StageAsync(Stream input, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Directory.CreateDirectory(TempRoot);
        var tempPath = NewTempPath();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true))
            {
                int read;
                while ((read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (size > maxBytes)
            {
                TryDelete(tempPath);
                return null;
            }

            return new StagedBlob(tempPath, Sha256Digest.FromBytes(hash.GetHashAndReset()), size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes bytes to a temp file (made durable by <see cref="MakeDurable"/>).</summary>
    public StagedBlob Stage(ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(TempRoot);
        var tempPath = NewTempPath();
        try
        {
            using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                output.Write(bytes);
            }

            return new StagedBlob(tempPath, Sha256Digest.FromBytes(SHA256.HashData(bytes)), bytes.Length);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Moves a staged blob to its content address, or discards it when identical bytes are already stored.
    /// Adds the directory that must be fsynced to <paramref name="dirtyDirectories"/>; call
    /// <see cref="SyncDirectories"/> before acknowledging.
    /// </summary>
    public string Commit(StagedBlob staged, ISet<string> dirtyDirectories)
    {
        ArgumentNullException.ThrowIfNull(staged);
        ArgumentNullException.ThrowIfNull(dirtyDirectories);
        var target = PathFor(staged.Digest);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            dirtyDirectories.Add(ObjectsRoot);
            dirtyDirectories.Add(Root);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(staged.TempPath, ReadOnlyMode);
        }

        // No overwrite: if these bytes are stored already (by an earlier ingest or another process), the stored copy
        // is identical and stays. Its directory is synced all the same: another process's rename may not be durable
        // yet when this one's catalog commits.
        dirtyDirectories.Add(directory);
        switch (NativeFileSystem.TryRenameNoReplace(staged.TempPath, target))
        {
            case true:
                return target;
            case false when File.Exists(target):
                TryDelete(staged.TempPath);
                MarkInUse(target);
                return target;
            case false:
                throw new IOException($"cannot store {staged.Digest.Id}: something other than a file is at {target}");
            case null:
                try
                {
                    File.Move(staged.TempPath, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    TryDelete(staged.TempPath);
                    MarkInUse(target);
                }

                return target;
        }
    }

    /// <summary>
    /// Sets the status-change time of a stored file that a commit is about to name without having written it (the
    /// same bytes were stored already, perhaps by an ingest that stopped before its commit), as a rename into the
    /// store does: setting its mode again is enough. <c>archive quarantine</c> moves only files that no commit names
    /// and whose status has not changed for a while, so it never moves a file a commit is about to name.
    /// </summary>
    private static void MarkInUse(string target)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(target, ReadOnlyMode);
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's file: it stays as it is, and so does its status-change time.
        }
    }

    /// <summary>
    /// Group commit, step one: makes the group's staged temp files durable. A group of more than a few files
    /// on Linux takes one <c>syncfs</c>; otherwise each file is fsynced.
    /// </summary>
    public void MakeDurable(IReadOnlyCollection<StagedBlob> staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        if (staged.Count > SyncFsThreshold && NativeFileSystem.TrySyncFileSystem(Root))
        {
            return;
        }

        foreach (var blob in staged)
        {
            using var handle = File.OpenHandle(blob.TempPath, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(handle);
        }
    }

    /// <summary>Group commit, step two: makes the renames durable (directory entries) before the catalog commit.</summary>
    public void SyncDirectories(IReadOnlyCollection<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.Count > SyncFsThreshold && NativeFileSystem.TrySyncFileSystem(Root))
        {
            return;
        }

        foreach (var directory in directories)
        {
            NativeFileSystem.FsyncDirectory(directory);
        }
    }

    /// <summary>Hashes a stored file, streamed in 1 MiB reads with a pooled buffer; returns the size read too.</summary>
    public static (Sha256Digest Digest, long Size) HashFile(string path, CancellationToken cancellationToken)
    {
        var (hash, size) = HashFileBytes(path, cancellationToken);
        return (Sha256Digest.FromBytes(hash), size);
    }

    /// <summary>The raw SHA-256 and length of a file, streamed; on Linux with open, read and close alone.</summary>
    public static (byte[] Hash, long Size) HashFileBytes(string path, CancellationToken cancellationToken)
    {
        if (NativeFileSystem.CanHashFiles)
        {
            return NativeFileSystem.HashFile(path, BufferSize, cancellationToken);
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // Most archived files fit one read: hash them in one call, without an incremental hasher.
            var first = RandomAccess.Read(handle, buffer.AsSpan(0, BufferSize), 0);
            if (first < BufferSize)
            {
                return (SHA256.HashData(buffer.AsSpan(0, first)), first);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(buffer, 0, first);
            long offset = first;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(0, BufferSize), offset)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                offset += read;
            }

            return (hash.GetHashAndReset(), offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Every file in the store's temporary folder (none survives a finished ingest).</summary>
    public IEnumerable<string> EnumerateTemporaryFiles() =>
        Directory.Exists(TempRoot) ? Directory.EnumerateFiles(TempRoot, "*", SearchOption.AllDirectories) : [];

    /// <summary>Every file under the store, content-addressed or temporary, for finding untracked ones.</summary>
    public IEnumerable<string> EnumerateFiles()
    {
        foreach (var root in new[] { ObjectsRoot, TempRoot })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                yield return file;
            }
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Deletes temp files left by ingest processes that no longer run (a crash or kill between staging and
    /// commit). Never-acknowledged bytes only: a live process's files, and this process's, are left alone.
    /// </summary>
    public int RemoveStaleTemps()
    {
        if (!Directory.Exists(TempRoot))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(TempRoot, "*.tmp"))
        {
            if (IsStaleTemp(file))
            {
                TryDelete(file);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Whether <paramref name="path"/> is a staged file (<c>blobs/tmp/PID-….tmp</c>) of a process that is no longer running.</summary>
    public bool IsStaleTemp(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return Path.GetDirectoryName(path) == TempRoot && name.EndsWith(".tmp", StringComparison.Ordinal) && dash > 0
            && int.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            && pid != Environment.ProcessId && !IsRunning(pid);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private string NewTempPath() => Path.Combine(TempRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
}
