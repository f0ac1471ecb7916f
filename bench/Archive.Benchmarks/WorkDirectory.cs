namespace Archive.Benchmarks;

/// <summary>A benchmark's scratch folder under the temp directory, removed afterwards (blobs are read-only files).</summary>
internal static class WorkDirectory
{
    public static string Create(string prefix) => Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..8]);

    public static void Delete(string work)
    {
        try
        {
            foreach (var f in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
