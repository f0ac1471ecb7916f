using Archive.Core.Metadata;

namespace Archive.Core.Ingestion;

/// <summary>Expands the paths given to ingest into files, in a stable order, skipping sidecars and hidden files.</summary>
internal static class InputEnumerator
{
    public static List<string> Enumerate(IReadOnlyList<string> paths, List<IngestOutcome> rejections)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(rejections);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var options = new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint,
                    IgnoreInaccessible = false,
                    MatchType = MatchType.Simple,
                };
                var found = Directory.EnumerateFiles(path, "*", options)
                    .Where(f => !SidecarReader.IsSidecar(f) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal);
                foreach (var file in found)
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
                    rejections.Add(new IngestOutcome(path, IngestStatus.Rejected, Reason: "this is a metadata sidecar; ingest the file it describes"));
                }
                else if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else
            {
                rejections.Add(new IngestOutcome(path, IngestStatus.Rejected, Reason: "no such file or directory"));
            }
        }

        return files;
    }
}
