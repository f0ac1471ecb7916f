namespace Archive.Core.Export;

/// <summary>A file of an export the file system refused to write (a full disk, a file size limit, no permission).</summary>
internal static class WriteFailure
{
    /// <summary>
    /// Whether <paramref name="ex"/>, thrown by a write, is the file system refusing it. A file over the size limit
    /// (EFBIG) comes as <see cref="ArgumentOutOfRangeException"/>, not <see cref="IOException"/>.
    /// </summary>
    public static bool Is(Exception ex) => ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException;

    /// <summary>The failure as one <see cref="IOException"/> naming the export and the file in it being written.</summary>
    public static IOException Naming(string export, string file, Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var reason = ex is ArgumentOutOfRangeException ? "the file is larger than the file system or the process's file size limit allows" : ex.Message.TrimEnd('.');
        return new IOException($"{export}: writing {file} failed ({reason}); nothing was exported", ex);
    }
}
