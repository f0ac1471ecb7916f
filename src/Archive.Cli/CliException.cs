namespace Archive.Cli;

/// <summary>A user-facing failure with its exit code; printed as one line.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public int ExitCode { get; } = ExitCodes.Error;
}
