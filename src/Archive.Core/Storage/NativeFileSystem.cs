using System.Runtime.InteropServices;

namespace Archive.Core.Storage;

/// <summary>The few POSIX calls .NET does not expose: fsync on a directory, so a rename survives power loss.</summary>
internal static partial class NativeFileSystem
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux

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

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Close(int fd);
}
