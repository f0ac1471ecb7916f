namespace Archive.Cli.Json;

/// <summary>What <c>--json</c> prints on stdout when a command is refused: the message stderr shows, and the exit code.</summary>
internal sealed record FailureJson(string Error, int ExitCode);
