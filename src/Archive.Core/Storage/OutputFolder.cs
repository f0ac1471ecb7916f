namespace Archive.Core.Storage;

/// <summary>Creates a folder a command writes into, naming it when the file system refuses.</summary>
internal static class OutputFolder
{
    /// <summary>
    /// <see cref="Directory.CreateDirectory(string)"/>, failing with an <see cref="IOException"/> that says which folder
    /// could not be made: .NET's own words for a refused mkdir mislead ("Could not find file '/proc/x'.").
    /// </summary>
    public static void Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (IOException ex)
        {
            throw new IOException($"cannot create the folder {path} ({ex.Message.TrimEnd('.')})", ex);
        }
    }
}
