namespace Archive.Core.Versions;

/// <summary>
/// Changes close enough to read together, with a little unchanged text around them; the unchanged text between hunks is
/// left out. Ranges are code points in the older and the newer text.
/// </summary>
public sealed record DiffHunk(int OldStart, int OldEnd, int NewStart, int NewEnd, IReadOnlyList<DiffSegment> Segments);
