namespace Archive.Cli.Tests;

/// <summary>What one run of the <c>archive</c> command produced.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>The lines written to stderr, without the final empty one.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";
}
