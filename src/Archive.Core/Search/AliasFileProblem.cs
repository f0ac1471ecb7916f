namespace Archive.Core.Search;

/// <summary>A line of the alias file that was skipped or partly skipped, and why.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Message">What is wrong, in words an archivist can act on.</param>
internal sealed record AliasFileProblem(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
