namespace Archive.Core.Search;

/// <summary>Why a query could not be parsed, and where.</summary>
/// <param name="Column">1-based column in the query as typed, counted in Unicode code points.</param>
/// <param name="Message">What was found, or which limit was broken.</param>
/// <param name="Expected">What would have been valid at that column, or how to fix the query.</param>
internal sealed record QuerySyntaxError(int Column, string Message, string Expected)
{
    public override string ToString() => $"column {Column}: {Message}; expected {Expected}";
}
