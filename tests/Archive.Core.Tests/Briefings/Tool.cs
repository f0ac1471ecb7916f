using System.Diagnostics;

namespace Archive.Core.Tests.Briefings;

/// <summary>Runs an outside checker (qpdf, pdftotext, pdfinfo, openssl) and captures its output.</summary>
internal static class Tool
{
    public static (int ExitCode, string Output) Run(string fileName, params string[] arguments)
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
        return (process.ExitCode, output + error.Result);
    }
}
