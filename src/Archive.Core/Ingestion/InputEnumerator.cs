using Archive.Core.Metadata;

namespace Archive.Core.Ingestion;

/// <summary>
/// Expands the paths given to ingest into files, in a stable order. Inside a folder, sidecars are read with their
/// files; hidden entries (a name starting with '.') and symbolic links are not followed, and each is reported as
/// skipped with its reason, so nothing is left out unseen. A file named on its own is always taken.
/// </summary>
internal static class InputEnumerator
{
    /// <param name="own">True for the archive's own files and folders, which a folder holding the archive must not feed back into it.</param>
    public static List<string> Enumerate(IReadOnlyList<string> paths, List<IngestOutcome> outcomes, Func<string, bool>? own = null)
    {
        own ??= static _ => false;
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(outcomes);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = new List<string>();
                var notTaken = new List<IngestOutcome>();
                Walk(path, found, notTaken, own);
                outcomes.AddRange(notTaken.OrderBy(o => o.Path, StringComparer.Ordinal));
                foreach (var file in found.Order(StringComparer.Ordinal))
                {
                    if (seen.Add(Path.GetFullPath(file)))
                    {
                        files.Add(file);
                    }
                }
            }
            else if (File.Exists(path))
            {
                if (SidecarReader.IsSidecar(path))
                {
                    outcomes.Add(new IngestOutcome(path, IngestStatus.Rejected, Reason: "this is a metadata sidecar; ingest the file it describes"));
                }
                else if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else
            {
                outcomes.Add(new IngestOutcome(path, IngestStatus.Rejected, Reason: "no such file or directory"));
            }
        }

        return files;
    }

    private static void Walk(string directory, List<string> found, List<IngestOutcome> notTaken, Func<string, bool> own)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false, MatchType = MatchType.Simple };
        List<FileSystemInfo> entries;
        try
        {
            entries = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // One folder that cannot be listed is said so; the rest of the batch goes on.
            var reason = directory.Contains('\uFFFD', StringComparison.Ordinal)
                ? "its name is not valid UTF-8, so it cannot be opened by name here; rename it (for example with convmv) and ingest it again"
                : ex is UnauthorizedAccessException ? "permission denied listing the folder" : $"the folder could not be listed ({ex.Message})";
            notTaken.Add(new IngestOutcome(directory, IngestStatus.Rejected, Reason: reason));
            return;
        }

        foreach (var entry in entries)
        {
            var path = Path.Join(directory, entry.Name);
            var folder = entry is DirectoryInfo;
            if (entry.Name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                // .NET reads a name that is not UTF-8 with U+FFFD in place of the bad bytes, and that name opens
                // nothing (its attributes read as all set): a file goes on to be rejected saying so, a folder is here.
                if (folder)
                {
                    Walk(path, found, notTaken, own);
                }
                else
                {
                    found.Add(path);
                }
            }
            else if (own(path))
            {
                notTaken.Add(Skip(path, "part of the archive itself, not a source"));
            }
            else if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                // Never followed: a link can lead out of the folder given, or round in a loop.
                notTaken.Add(Skip(path, $"a symbolic link{LinkTarget(entry)}, not followed inside a folder; name {(folder ? "the folder" : "the file")} it points to"));
            }
            else if (entry.Name.StartsWith('.'))
            {
                if (!SidecarReader.IsSidecar(path))
                {
                    notTaken.Add(Skip(path, folder ? "a hidden folder (its name starts with '.'), not searched; name it to ingest what it holds" : "a hidden file (its name starts with '.'); name it to ingest it"));
                }
            }
            else if (folder)
            {
                Walk(path, found, notTaken, own);
            }
            else if (!SidecarReader.IsSidecar(path))
            {
                found.Add(path);
            }
        }
    }

    private static string LinkTarget(FileSystemInfo link)
    {
        try
        {
            return link.LinkTarget is { } target ? " to " + target : string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static IngestOutcome Skip(string path, string reason) => new(path, IngestStatus.Skipped, Reason: reason);
}
