namespace Archive.TestInfrastructure;

/// <summary>The repository the tests run from (the folder holding Archive.sln above the test binaries) and what it ships.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>The five committed sample sources with their sidecars.</summary>
    public static string SampleSources => Path.Combine(Root, "archive", "sources");

    /// <summary>The committed name-variant sets.</summary>
    public static string Aliases => Path.Combine(Root, "archive", "aliases.txt");

    /// <summary>pack.html and pack.css.</summary>
    public static string Templates => Path.Combine(Root, "templates");

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
