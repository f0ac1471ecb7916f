namespace Archive.Core.Tests;

/// <summary>The repository the tests run from: the folder holding Archive.sln above the test binaries.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Archive.sln not found above " + AppContext.BaseDirectory);
    }
}
