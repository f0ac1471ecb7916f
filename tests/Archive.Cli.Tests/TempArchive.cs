using Archive.Core.Storage;
using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Archive.Core;
using Archive.Core.Catalog;
using Microsoft.Data.Sqlite;

namespace Archive.Cli.Tests;

/// <summary>
/// A fresh archive in its own temp folder, made with <c>archive init</c>, and the two ways to run the CLI
/// against it: in process (<see cref="Run"/>) and as a real process (<see cref="Start"/>).
/// </summary>
/// <remarks>
/// When the environment variable <c>ARCHIVE_CLI</c> names a built <c>archive</c> program (<c>scripts/test.sh</c> sets it to
/// the native build <c>scripts/build-cli.sh</c> makes, the program users run), <see cref="Run"/> and every process these
/// helpers start run that program instead: the same tests then check the published binary, not only the code under the JIT.
/// </remarks>
internal sealed class TempArchive : IDisposable
{
    public TempArchive()
    {
        Workspace = Path.Combine(Path.GetTempPath(), "archive-cli-test-" + Guid.NewGuid().ToString("N"));
        Root = Path.Combine(Workspace, "archive");
        Inputs = Path.Combine(Workspace, "inputs");
        Directory.CreateDirectory(Inputs);
        var init = Run("init");
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    /// <summary>The repository root: the folder holding Archive.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot => Repository.Root;

    /// <summary>The five committed sample sources with their sidecars.</summary>
    public static string SampleSources => Repository.SampleSources;

    /// <summary>The built CLI, copied beside the tests by the project reference.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "archive.dll");

    /// <summary>The published program named by <c>ARCHIVE_CLI</c>, or null to run the CLI built beside the tests.</summary>
    public static string? Published => Environment.GetEnvironmentVariable("ARCHIVE_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>The command line that starts the CLI: the published program, or <c>dotnet archive.dll</c>.</summary>
    public static IReadOnlyList<string> CliCommand => Published is { } program ? [program] : [DotnetHost, CliDll];

    /// <summary>The temp folder holding the archive and the inputs.</summary>
    public string Workspace { get; }

    /// <summary>The archive root passed as <c>--archive</c>.</summary>
    public string Root { get; }

    public string Inputs { get; }

    public ArchiveLayout Layout => new(Root);

    /// <summary>Runs <c>archive ARGS --archive ROOT</c> in this process with its output captured (or the published program, stdin empty).</summary>
    public CliResult Run(params string[] args) => RunAt(Root, args);

    /// <summary>As <see cref="Run"/>, with <c>--archive <paramref name="root"/></c>.</summary>
    public static CliResult RunAt(string root, params string[] args)
    {
        if (Published is not null)
        {
            return Finish(StartProcess(CliCommand[0], [.. CliCommand.Skip(1), .. args, "--archive", root], emptyInput: true));
        }

        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        CliHost.Use(new CliHost(output, error, Interactive: false, TimeProvider.System));
        try
        {
            var exit = ArchiveCli.Run([.. args, "--archive", root]);
            return new CliResult(exit, output.ToString(), error.ToString());
        }
        finally
        {
            CliHost.Use(null);
        }
    }

    /// <summary>Runs a command with <c>--json</c> and parses its stdout, failing the test on a non-zero exit.</summary>
    public JsonNode RunJson(params string[] args)
    {
        var result = Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Out)!;
    }

    /// <summary>Starts <c>archive ARGS --archive ROOT</c> (<see cref="CliCommand"/>) as a separate process, output redirected.</summary>
    public Process Start(params string[] args) => StartProcess(CliCommand[0], [.. CliCommand.Skip(1), .. args, "--archive", Root]);

    /// <summary>
    /// As <see cref="Start"/>, with SIGINT's default action restored for the CLI when this process ignores it: a shell
    /// that starts a job in the background without job control (<c>nohup … &amp;</c>) makes it ignored, the CLI
    /// inherits that, and a test of Ctrl+C would then test nothing.
    /// </summary>
    public Process StartInterruptible(params string[] args)
    {
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
            && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
        return ignored
            ? StartProcess("env", ["--default-signal=INT", .. CliCommand, .. args, "--archive", Root])
            : Start(args);
    }

    /// <summary>
    /// Runs <c>archive ARGS --archive ROOT</c> (<see cref="CliCommand"/>) with the archive really read-only. Root ignores file modes,
    /// so as root the archive folder is bind-mounted read-only in a private mount namespace (<c>unshare -m</c>, which
    /// needs CAP_SYS_ADMIN); anyone else gets <c>chmod -R a-w</c>, undone afterwards.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public CliResult RunReadOnly(params string[] args)
    {
        // Close this process's pooled connections, so the catalog is at rest (no -wal or -shm files).
        SqliteConnection.ClearAllPools();
        if (Environment.IsPrivilegedProcess)
        {
            const string MountReadOnly = "mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"";
            var result = Finish(StartProcess("unshare", ["-m", "sh", "-c", MountReadOnly, Root, .. CliCommand, .. args, "--archive", Root]));
            Assert.False(
                result.Err.StartsWith("unshare:", StringComparison.Ordinal) || result.Err.StartsWith("mount:", StringComparison.Ordinal),
                $"running as root, a read-only archive needs `unshare -m` and `mount --bind` (CAP_SYS_ADMIN):\n{result}");
            return result;
        }

        const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        var modes = Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Append(Root)
            .Select(path => (Path: path, Mode: File.GetUnixFileMode(path)))
            .ToList();
        try
        {
            foreach (var (path, mode) in modes)
            {
                File.SetUnixFileMode(path, mode & ~AnyWrite);
            }

            return Finish(Start(args));
        }
        finally
        {
            foreach (var (path, mode) in modes)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
    }

    /// <summary>Every file and folder under the archive at rest, with its size and modification time, to show nothing changed.</summary>
    public List<string> Snapshot()
    {
        SqliteConnection.ClearAllPools();
        return Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Select(path => new FileInfo(path))
            .Select(info => $"{info.FullName} {(info.Attributes.HasFlag(FileAttributes.Directory) ? "dir" : info.Length)} {info.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Starts any program with its output redirected; with <paramref name="emptyInput"/>, its stdin is empty rather than this process's.</summary>
    public static Process StartProcess(string program, IEnumerable<string> args, bool emptyInput = false)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = emptyInput,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        if (emptyInput)
        {
            process.StandardInput.Close();
        }

        return process;
    }

    /// <summary>Waits for a started process (at most two minutes) and collects its output.</summary>
    public static CliResult Finish(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not finish in two minutes");
        }

        return new CliResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Opens the archive through Core, for checks the CLI does not print.</summary>
    public ArchiveCore Open() => ArchiveCore.Open(Layout, TimeProvider.System);

    /// <summary>Writes a file under <see cref="Inputs"/> and returns its full path.</summary>
    public string WriteInput(string relativePath, string content)
    {
        var path = Path.Combine(Inputs, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => ScratchArchive.Delete(Workspace);

    // The dotnet CLI tells the processes it starts (the test host among them) where its own host is.
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
