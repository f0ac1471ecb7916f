using System.Diagnostics;
using System.Globalization;

namespace Archive.Benchmarks;

/// <summary>The <c>archive</c> CLI as users get it, run in its own process and timed from the outside.</summary>
internal static class PublishedCli
{
    /// <summary>
    /// Publishes the CLI with <c>scripts/build-cli.sh</c> (as users build it, with the runtime settings of its project file)
    /// into <paramref name="folder"/> and returns the shell words that run it (its <c>archive</c> program, quoted). Falls
    /// back to this benchmark's own build output (<c>dotnet archive.dll</c>, JIT-compiled at start-up, slower) when the
    /// script is not found or fails.
    /// </summary>
    public static string Publish(string folder)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "scripts", "build-cli.sh");
            if (File.Exists(script))
            {
                Console.WriteLine($"publishing the CLI as scripts/build-cli.sh does into {folder}");
                using var process = Process.Start(new ProcessStartInfo("bash", [script, folder]) { UseShellExecute = false })!;
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return $"'{Path.Combine(folder, "archive")}'";
                }

                Console.WriteLine($"scripts/build-cli.sh failed (exit {process.ExitCode})");
                break;
            }
        }

        Console.WriteLine("timing the benchmark's own build of the CLI (not precompiled)");
        return $"dotnet '{Path.Combine(AppContext.BaseDirectory, "archive.dll")}'";
    }

    /// <summary>
    /// Runs a shell command; its wall time, the CPU time (user + system) of it and its children, and its exit code.
    /// The command's own standard error reaches this process's.
    /// </summary>
    public static (double Wall, double Cpu, int ExitCode) Timed(string command)
    {
        var times = Path.GetTempFileName();
        try
        {
            var clock = Stopwatch.StartNew();
            int exitCode;
            using (var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"TIMEFORMAT='%U %S'; {{ time {{ {command} 2>&3; }} ; }} 3>&2 2> '{times}'"]) { UseShellExecute = false })!)
            {
                process.WaitForExit();
                exitCode = process.ExitCode;
            }

            clock.Stop();
            var parts = File.ReadAllText(times).Trim().Split('\n')[^1].Split(' ');
            var cpu = double.Parse(parts[0], CultureInfo.InvariantCulture) + double.Parse(parts[1], CultureInfo.InvariantCulture);
            return (clock.Elapsed.TotalSeconds, cpu, exitCode);
        }
        finally
        {
            File.Delete(times);
        }
    }
}
