using System.Runtime.Versioning;

namespace Archive.Cli.Tests;

/// <summary>
/// A path of the wrong kind or an empty one is a usage error naming it (exit 2, one line), not an I/O failure in
/// .NET's words (exit 7) or an unexpected error (exit 1); a folder the file system will not create stays exit 7.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PathInputTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _file;
    private readonly string _folder;

    public PathInputTests()
    {
        _file = _archive.WriteInput("afile", "not a folder\n");
        _folder = Path.Combine(_archive.Workspace, "afolder");
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => _archive.Dispose();

    [Theory]
    [InlineData("log", "export", "FILE")]
    [InlineData("audit", "--state", "FILE")]
    [InlineData("log", "cosign", "--state", "FILE", "--witness-key", "witness.pem")]
    [InlineData("export", "bag", "deadbeef00", "-o", "FILE")]
    public void Run_FileWhereAFolderIsExpected_ExitsUsageNamingIt(params string[] args)
    {
        var result = _archive.Run([.. args.Select(a => a == "FILE" ? _file : a)]);

        AssertUsage(result, $"{_file} is a file, not a folder");
        Assert.Equal("not a folder\n", File.ReadAllText(_file));
    }

    [Theory]
    [InlineData("log", "export", "FILE/sub")]
    [InlineData("export", "bag", "deadbeef00", "-o", "FILE/sub")]
    [InlineData("key", "generate", "FILE/key.pem")]
    public void Run_PathUnderAFile_ExitsUsageNamingTheFile(params string[] args)
    {
        var result = _archive.Run([.. args.Select(a => a.Replace("FILE", _file, StringComparison.Ordinal))]);

        AssertUsage(result, $"{_file} is a file, not a folder");
    }

    [Theory]
    [InlineData("key", "generate", "FOLDER")]
    [InlineData("key", "change", "FOLDER")]
    [InlineData("export", "wacz", "deadbeef00", "-o", "FOLDER")]
    [InlineData("audit", "--state", "STATE", "--trust-key", "FOLDER")]
    [InlineData("log", "cosign", "--state", "STATE", "--witness-key", "FOLDER")]
    public void Run_FolderWhereAFileIsExpected_ExitsUsageNamingIt(params string[] args)
    {
        var state = Path.Combine(_archive.Workspace, "state");

        var result = _archive.Run([.. args.Select(a => a switch { "FOLDER" => _folder, "STATE" => state, _ => a })]);

        AssertUsage(result, $"{_folder} is a folder, not a file");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
        Assert.False(Directory.Exists(state));
    }

    [Theory]
    [InlineData("DIR", "log", "export", "")]
    [InlineData("--state", "audit", "--state", "")]
    [InlineData("FILE", "key", "generate", "")]
    [InlineData("--output", "export", "bag", "deadbeef00", "-o", "")]
    [InlineData("--output", "export", "wacz", "deadbeef00", "-o", "")]
    public void Run_EmptyPath_ExitsUsageNamingTheOption(string name, params string[] args)
    {
        var result = _archive.Run(args);

        AssertUsage(result, $"empty path given for {name}");
    }

    [Fact]
    public void Init_ArchiveIsAFile_ExitsUsageAndLeavesTheFile()
    {
        var result = RunAt(_file, "init");

        AssertUsage(result, $"{_file} is a file, not a folder");
        Assert.Equal("not a folder\n", File.ReadAllText(_file));
    }

    [Fact]
    public void Run_EmptyArchive_ExitsUsageInsteadOfUsingTheDefault()
    {
        var result = RunAt(string.Empty, "list");

        AssertUsage(result, "empty path given for --archive");
    }

    [Fact]
    public void LogExport_FolderTheFileSystemWillNotCreate_ExitsNotWritableNamingIt()
    {
        // mkdir in /proc fails (ENOENT) for root too; .NET calls that "Could not find file '/proc/…'".
        var folder = "/proc/archive-test-" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, _archive.Run("ingest", _archive.WriteInput("report.txt", "A report.\n")).ExitCode);

        var result = _archive.Run("log", "export", folder);

        Assert.True(result.ExitCode == ExitCodes.NotWritable, result.ToString());
        var line = Assert.Single(result.ErrLines);
        Assert.StartsWith($"archive: cannot create the folder {folder} (", line, StringComparison.Ordinal);
    }

    private static void AssertUsage(CliResult result, string message)
    {
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal([$"archive: {message}"], result.ErrLines);
        Assert.Equal(string.Empty, result.Out);
    }

    /// <summary>Runs with <c>--archive <paramref name="root"/></c> instead of the temp archive's root.</summary>
    private static CliResult RunAt(string root, params string[] args) => TempArchive.RunAt(root, args);
}
