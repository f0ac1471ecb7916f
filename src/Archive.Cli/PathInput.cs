namespace Archive.Cli;

/// <summary>
/// Checks a path typed on the command line before a command uses it. An empty path, a file where a folder is
/// expected (or a folder where a file is), or a parent that is a file is a usage error naming the path; left to the
/// command, it surfaces as an I/O failure in .NET's words ("The file … already exists.") or an unexpected error.
/// </summary>
internal static class PathInput
{
    /// <summary>A folder to read, or create if missing: <paramref name="path"/> as given, once it passes the checks.</summary>
    public static string Folder(string? path, string name)
    {
        var full = Checked(path, name);
        if (System.IO.File.Exists(full))
        {
            throw new CliException(ExitCodes.Usage, $"{path} is a file, not a folder");
        }

        return path!;
    }

    /// <summary>A file to read, or create if missing: <paramref name="path"/> as given, once it passes the checks.</summary>
    public static string File(string? path, string name)
    {
        var full = Checked(path, name);
        if (Directory.Exists(full))
        {
            throw new CliException(ExitCodes.Usage, $"{path} is a folder, not a file");
        }

        return path!;
    }

    private static string Checked(string? path, string name)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliException(ExitCodes.Usage, $"empty path given for {name}");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            throw new CliException(ExitCodes.Usage, $"{name}: not a valid path");
        }

        // The nearest parent that exists must be a folder: under a file, nothing can be created or found.
        for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (System.IO.File.Exists(parent))
            {
                throw new CliException(ExitCodes.Usage, $"{parent} is a file, not a folder");
            }

            if (Directory.Exists(parent))
            {
                break;
            }
        }

        return full;
    }
}
