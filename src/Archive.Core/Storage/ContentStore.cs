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
    public string PathFor(Sha256Digest digest) =>
        Path.Combine(ObjectsRoot, digest.Hex[..2], digest.Hex);

    public bool Exists(Sha256Digest digest) => File.Exists(PathFor(digest));

    /// <summary>Copies a file into a temp file while hashing it, streamed, and fsyncs the copy.</summary>
    public StagedBlob Stage(string sourcePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(TempRoot);
        var tempPath = NewTempPath();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            using (var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
            using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                    size += read;
                }

                output.Flush(flushToDisk: true);
            }

            return new StagedBlob(tempPath, Sha256Digest.FromBytes(hash.GetHashAndReset()), size);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Writes bytes to a fsynced temp file.</summary>
    public StagedBlob Stage(ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(TempRoot);
        var tempPath = NewTempPath();
        try
        {
            using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                output.Write(bytes);
                output.Flush(flushToDisk: true);
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
        if (File.Exists(target))
        {
            TryDelete(staged.TempPath);
            return target;
        }

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

        try
        {
            // No overwrite: if another process stored the same bytes first, theirs is identical and stays.
            File.Move(staged.TempPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            TryDelete(staged.TempPath);
        }

        dirtyDirectories.Add(directory);
        return target;
    }

    public static void SyncDirectories(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        foreach (var directory in directories)
        {
            NativeFileSystem.FsyncDirectory(directory);
        }
    }

    /// <summary>Hashes a stored file, streamed.</summary>
    public static Sha256Digest HashFile(string path, CancellationToken cancellationToken)
    {
        // Unbuffered stream and a pooled buffer: two fresh 1 MiB arrays per file made verify of many small files GC-bound.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Sha256Digest.FromBytes(hash.GetHashAndReset());
    }

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

    private string NewTempPath() => Path.Combine(TempRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
}
