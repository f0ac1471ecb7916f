namespace Archive.Core.Search;

/// <summary>
/// A stretch of a capture's canonical text: <c>[Start, End)</c> in code points, with <c>text[Start:End] == Text</c>,
/// the matches inside it, and a citation ready to paste into a brief.
/// </summary>
public sealed record SearchPassage(int Start, int End, string Text, IReadOnlyList<PassageMatch> Matches, string Citation)
{
    /// <summary>For a paged source: the page the passage starts on (from 1); null for text without pages.</summary>
    public int? Page { get; init; }

    /// <summary>For a paged source: the passage's box on <see cref="Page"/> (<see cref="PassagePlace"/>); null otherwise.</summary>
    public PassagePlace? Box { get; init; }
}
