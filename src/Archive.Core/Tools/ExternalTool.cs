using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Archive.Core.Tools;

/// <summary>
/// Runs a command-line tool the extractors rely on (poppler's <c>pdftotext</c>, <c>pdfinfo</c>): arguments are passed
/// as a list, never through a shell; the whole process tree is killed on timeout or cancellation.
/// </summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="fileName"/> to completion and captures its output.</summary>
    /// <param name="fileName">The executable, looked up on PATH unless it is a path.</param>
    /// <param name="arguments">Passed one by one; no quoting or shell interpretation.</param>
    /// <param name="package">The system package that provides the tool, named in the "not found" reason.</param>
    /// <param name="timeout">How long the tool may run before it is killed.</param>
    /// <param name="cancellationToken">Kills the tool and throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArchiveException">The tool is missing, cannot start, or timed out.</exception>
    public static ToolResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string package,
        TimeSpan timeout,
        CancellationToken cancellationToken) =>
        Run(fileName, arguments, package, timeout, null, cancellationToken);

    /// <summary>Runs <paramref name="fileName"/> with extra environment variables (for example a thread limit).</summary>
    /// <param name="environment">Variables set for the tool only, on top of the inherited environment; null for none.</param>
    public static ToolResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string package,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        cancellationToken.ThrowIfCancellationRequested();
        var toolName = Path.GetFileName(fileName);
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            // ENOENT (2) on Unix and ERROR_FILE_NOT_FOUND (2) on Windows: the executable is not there.
            var reason = ex.NativeErrorCode == 2
                ? $"{toolName} not found: install {package}"
                : $"{toolName} could not be started: {ex.Message}; check the {package} installation";
            throw new ArchiveException(ArchiveErrorKind.Unreadable, reason, ex);
        }

        // Both pipes are drained concurrently, or a tool that fills one pipe would block forever.
        using var output = new MemoryStream();
        var outputTask = process.StandardOutput.BaseStream.CopyToAsync(output, CancellationToken.None);
        var errorTask = process.StandardError.ReadToEndAsync(CancellationToken.None);

        bool exited;
        using (cancellationToken.Register(() => Kill(process)))
        {
            exited = process.WaitForExit(timeout);
        }

        if (!exited || cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            process.WaitForExit();
            DrainQuietly(outputTask, errorTask);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ArchiveException(ArchiveErrorKind.Unreadable, 
                string.Create(CultureInfo.InvariantCulture, $"{toolName} timed out after {timeout.TotalSeconds:0.#} s and was stopped"));
        }

        outputTask.GetAwaiter().GetResult();
        var error = errorTask.GetAwaiter().GetResult();
        return new ToolResult(process.ExitCode, output.ToArray(), error);
    }

    // The pipes close once the killed tree is gone; wait briefly so no reader outlives the buffer it writes to.
    private static void DrainQuietly(Task output, Task error)
    {
        try
        {
            Task.WaitAll([output, error], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // A broken pipe after a kill is expected; the timeout or cancellation is what gets reported.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited: nothing to stop.
        }
    }
}
