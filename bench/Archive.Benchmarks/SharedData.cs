namespace Archive.Benchmarks;

/// <summary>Finds ../shared/data beside the repository, walking up from the working directory.</summary>
internal static class SharedData
{
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(dir.FullName, "..", "shared", "data");
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException("../shared/data not found beside the repository");
    }
}
