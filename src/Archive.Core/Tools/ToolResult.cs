namespace Archive.Core.Tools;

/// <summary>What an external tool returned: its exit code, raw standard output and standard error text.</summary>
internal sealed record ToolResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    /// <summary>The most telling line of standard error (the first "… Error …" line, else the last line), for a one-line reason.</summary>
    public string ErrorLine()
    {
        var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.FirstOrDefault(static l => l.Contains("Error", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no message";
        return line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "…");
    }
}
