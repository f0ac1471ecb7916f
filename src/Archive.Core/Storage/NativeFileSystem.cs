using System.Buffers;
using System.Runtime.InteropServices;

namespace Archive.Core.Storage;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync on a directory, so a rename survives power loss; reading a whole
/// file with open, read and close alone; and a file's status-change time.
/// </summary>
internal static partial class NativeFileSystem
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux x64 and arm64
    private const int PathOnly = 0x200000; // O_PATH on Linux x64 and arm64
    private const int Interrupted = 4; // EINTR

    /// <summary>Whether <see cref="HashFile"/> can be used here: Linux on x64 or arm64, where the flag values above hold.</summary>
    public static bool CanHashFiles { get; } = OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>
    /// SHA-256 and length of a whole file, read with open, read and close only: .NET's file handles add an fstat, an
    /// advisory flock and its release, and a fadvise to every open, which doubles the system calls for the small
    /// files an archive holds most of (verify re-hashes every one). A read shorter than the buffer is taken as the
    /// end of the file, as <see cref="ContentStore.HashFile"/> does. Errors map to the exceptions .NET would throw:
    /// <see cref="FileNotFoundException"/>, <see cref="DirectoryNotFoundException"/>,
    /// <see cref="UnauthorizedAccessException"/>, else <see cref="IOException"/>.
    /// </summary>
    public static (byte[] Hash, long Size) HashFile(string path, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(path);
        var digest = new byte[32];
        var size = HashFile(utf8, digest, bufferSize, cancellationToken);
        return (digest, size);
    }

    /// <summary>
    /// As <see cref="HashFile(string, int, CancellationToken)"/>, for a path given as UTF-8 bytes (no terminating
    /// NUL), writing the SHA-256 to <paramref name="digest"/> and returning the length: allocates nothing.
    /// </summary>
    public static unsafe long HashFile(ReadOnlySpan<byte> utf8Path, Span<byte> digest, int bufferSize, CancellationToken cancellationToken) =>
        HashFileAt(CurrentDirectory, utf8Path, utf8Path, digest, bufferSize, cancellationToken);

    /// <summary>
    /// As <see cref="HashFile(ReadOnlySpan{byte}, Span{byte}, int, CancellationToken)"/>, for the file
    /// <paramref name="utf8Name"/> in the folder open as <paramref name="directory"/> (<see cref="OpenFolder"/>): the
    /// kernel looks up one name instead of every folder on the path. <paramref name="utf8Path"/> names the file in errors.
    /// </summary>
    public static unsafe long HashFileAt(int directory, ReadOnlySpan<byte> utf8Name, ReadOnlySpan<byte> utf8Path, Span<byte> digest, int bufferSize, CancellationToken cancellationToken)
    {
        Span<byte> terminated = utf8Name.Length < 1024 ? stackalloc byte[utf8Name.Length + 1] : new byte[utf8Name.Length + 1];
        utf8Name.CopyTo(terminated);
        terminated[^1] = 0;
        int fd;
        fixed (byte* name = terminated)
        {
            do
            {
                fd = OpenAt(directory, name, ReadOnly | CloseOnExec);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);
        }

        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), utf8Path);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            fixed (byte* start = buffer)
            {
                var first = ReadSome(fd, start, bufferSize, utf8Path);
                if (first < bufferSize)
                {
                    FastSha256.Hash(default, buffer.AsSpan(0, first), digest);
                    return first;
                }

                using var hash = FastSha256.Begin();
                hash.Append(buffer.AsSpan(0, first));
                long size = first;
                int read;
                while ((read = ReadSome(fd, start, bufferSize, utf8Path)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    hash.Append(buffer.AsSpan(0, read));
                    size += read;
                }

                hash.Finish().CopyTo(digest);
                return size;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Opens the folder <paramref name="path"/> for looking names up in it (<c>O_PATH</c>: its entries cannot be read
    /// through it); returns its descriptor, or -1 when it cannot be opened (absent, not a folder, not permitted).
    /// Only where <see cref="CanHashFiles"/>; close it with <see cref="CloseFolder"/>.
    /// </summary>
    public static int OpenFolder(string path)
    {
        int fd;
        do
        {
            fd = Open(path, PathOnly | Directory | CloseOnExec);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);
        return fd < 0 ? -1 : fd;
    }

    /// <summary>Closes a folder opened with <see cref="OpenFolder"/>.</summary>
    public static void CloseFolder(int fd) => _ = Close(fd);

    private static unsafe int ReadSome(int fd, byte* buffer, int count, ReadOnlySpan<byte> path)
    {
        while (true)
        {
            var read = Read(fd, buffer, count);
            if (read >= 0)
            {
                return (int)read;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interrupted)
            {
                throw Failure(errno, path);
            }
        }
    }

    private static Exception Failure(int errno, ReadOnlySpan<byte> utf8Path)
    {
        var path = System.Text.Encoding.UTF8.GetString(utf8Path);
        var message = $"{path}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            2 => new FileNotFoundException(message, path), // ENOENT
            20 => new DirectoryNotFoundException(message), // ENOTDIR
            1 or 13 or 21 => new UnauthorizedAccessException(message), // EPERM, EACCES, EISDIR
            _ => new IOException(message, errno),
        };
    }

    /// <summary>Flushes a directory's entries to disk. A no-op where the platform has no such call.</summary>
    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(path, ReadOnly | (OperatingSystem.IsLinux() ? Directory : 0));
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync failed on directory {path} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Flushes every dirty page and directory entry of the file system holding <paramref name="path"/> (Linux
    /// <c>syncfs</c>, which reports write-back errors since Linux 5.8): one call makes a whole group of new
    /// files durable, where one fsync per file costs a disk flush each. Returns false where unsupported.
    /// </summary>
    public static bool TrySyncFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (SyncFs(fd) != 0)
            {
                throw new IOException($"syncfs failed for {path} (errno {Marshal.GetLastPInvokeError()})");
            }

            return true;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="target"/> unless something is at <paramref name="target"/>,
    /// in one atomic call (Linux <c>renameat2</c> with <c>RENAME_NOREPLACE</c>). Returns false when the target exists;
    /// null when this system or file system cannot do it (then use <see cref="File.Move(string, string, bool)"/>,
    /// which on Linux checks the paths with <c>stat</c> and <c>lstat</c> before a plain <c>rename</c>, so a target
    /// created between the check and the rename is replaced). Once the C library lacks the call or the kernel refuses
    /// the flag, the process stops asking.
    /// </summary>
    public static bool? TryRenameNoReplace(string source, string target)
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _renameNoReplaceUnsupported))
        {
            return null;
        }

        int result;
        try
        {
            do
            {
                result = RenameAt2(CurrentDirectory, source, CurrentDirectory, target, NoReplace);
            }
            while (result != 0 && Marshal.GetLastPInvokeError() == Interrupted);
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than glibc 2.28 or musl 1.2.5 has no wrapper for it.
            Volatile.Write(ref _renameNoReplaceUnsupported, true);
            return null;
        }

        if (result == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        switch (error)
        {
            case AlreadyExists:
                return false;
            case NotImplemented:
                Volatile.Write(ref _renameNoReplaceUnsupported, true);
                return null;
            case InvalidArgument or NotSupported:
                // A file system without the flag (NFS, CIFS, FUSE).
                return null;
            default:
                var message = $"cannot move {source} to {target}: {Marshal.GetPInvokeErrorMessage(error)}";
                throw error switch
                {
                    NoEntry => new FileNotFoundException(message, source),
                    PermissionDenied or NotPermitted => new UnauthorizedAccessException(message),
                    _ => new IOException(message, error),
                };
        }
    }

    private static bool _renameNoReplaceUnsupported;

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint NoReplace = 1; // RENAME_NOREPLACE
    private const int NotPermitted = 1; // EPERM
    private const int NoEntry = 2; // ENOENT
    private const int PermissionDenied = 13; // EACCES
    private const int AlreadyExists = 17; // EEXIST
    private const int InvalidArgument = 22; // EINVAL
    private const int NotImplemented = 38; // ENOSYS
    private const int NotSupported = 95; // EOPNOTSUPP

    /// <summary>
    /// When the file at <paramref name="path"/> last changed status (its ctime: a rename into the store or a change of
    /// mode sets it, and nothing a user can do sets it back), read with <c>statx</c> without following a symbolic link;
    /// null where that call is missing (not Linux, or a kernel before 4.11) or the file cannot be read.
    /// </summary>
    public static DateTimeOffset? StatusChanged(string path) => Status(path)?.Changed;

    /// <summary>
    /// As <see cref="StatusChanged"/>, with whether the entry is a regular file (not a symbolic link, a directory, a
    /// pipe, a socket or a device).
    /// </summary>
    public static unsafe (DateTimeOffset Changed, bool Regular)? Status(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // struct statx is 256 bytes on every Linux architecture: stx_mask (u32) at 0, stx_mode (u16) at 28, stx_ctime
        // (tv_sec: s64, tv_nsec: u32) at 96.
        const int CurrentDirectory = -100; // AT_FDCWD
        const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
        const uint Type = 0x1; // STATX_TYPE
        const uint ChangeTime = 0x80; // STATX_CTIME
        var buffer = stackalloc byte[256];
        try
        {
            if (Statx(CurrentDirectory, path, NoFollow, Type | ChangeTime, buffer) != 0 || (*(uint*)buffer & (Type | ChangeTime)) != (Type | ChangeTime))
            {
                return null;
            }

            var regular = (*(ushort*)(buffer + 28) & 0xF000) == 0x8000; // S_IFMT, S_IFREG
            var changed = DateTimeOffset.FromUnixTimeSeconds(*(long*)(buffer + 96)).AddTicks(*(uint*)(buffer + 104) / 100);
            return (changed, regular);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or ArgumentOutOfRangeException)
        {
            // No statx in this C library, or a time outside what DateTimeOffset holds.
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static unsafe partial int OpenAt(int directory, byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Close(int fd);
}
