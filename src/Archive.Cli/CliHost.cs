namespace Archive.Cli;

/// <summary>The process edges a command writes to; tests swap in string writers.</summary>
internal sealed record CliHost(TextWriter Out, TextWriter Err, bool Interactive, TimeProvider Clock)
{
    private static readonly AsyncLocal<CliHost?> Override = new();

    public static CliHost Current => Override.Value ?? new CliHost(TerminalOut, Console.Error, !Console.IsErrorRedirected, TimeProvider.System);

    /// <summary>Standard output, with control characters in printed text made harmless when it is a terminal.</summary>
    private static TextWriter TerminalOut => Console.IsOutputRedirected ? Console.Out : new TerminalSafeWriter(Console.Out);

    /// <summary>
    /// True when commands write to the process's own console, as the `archive` program does: one command per process,
    /// which may then make process-wide settings for itself (<see cref="NoCollections"/>). False under a test's host,
    /// where commands share the process with others.
    /// </summary>
    public static bool OwnsProcess => Override.Value is null;

    /// <summary>Sets the host for the current async flow (used by tests and in-process callers).</summary>
    public static void Use(CliHost? host) => Override.Value = host;
}
