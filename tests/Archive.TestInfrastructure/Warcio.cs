using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Archive.TestInfrastructure;

/// <summary>
/// Checks a WARC with an outside reader, Webrecorder's warcio.js 2.4.11 (npm), through tests/scripts/warcio-check.mjs.
/// Installs it first when missing (tests/scripts/install-warcio.sh, also run by scripts/install-deps.sh); a machine that
/// cannot install or run it fails the test, never skips it.
/// </summary>
internal static class Warcio
{
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    /// <summary>The reader's report: <c>records</c> (type, target, digests checked, status) and <c>problems</c>.</summary>
    public static JsonObject Check(string warcPath)
    {
        EnsureInstalled();
        var (exit, output, error) = Run("node", Path.Combine(Repository.Root, "tests", "scripts", "warcio-check.mjs"), warcPath);
        if (exit != 0)
        {
            throw new InvalidOperationException($"warcio could not read {warcPath} (exit {exit}): {error}");
        }

        return JsonNode.Parse(output)!.AsObject();
    }

    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }

            var (exit, _, error) = Run("bash", Path.Combine(Repository.Root, "tests", "scripts", "install-warcio.sh"));
            if (exit != 0)
            {
                throw new InvalidOperationException($"the outside WARC reader (npm warcio 2.4.11) could not be installed: {error}");
            }

            _installed = true;
        }
    }

    private static (int Exit, string Output, string Error) Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
