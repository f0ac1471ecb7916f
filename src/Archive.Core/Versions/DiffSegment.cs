namespace Archive.Core.Versions;

/// <summary>
/// A piece of a diff hunk: text kept in both versions, removed from the older or added in the newer, with its range in
/// each text (code points, end exclusive; a removed piece has an empty range in the newer text at the place it left,
/// an added one an empty range in the older). <see cref="Text"/> is cut at <see cref="TextDiffer.MaxSegmentChars"/>
/// characters, and then <see cref="Truncated"/> says so.
/// </summary>
public sealed record DiffSegment(EditKind Kind, string Text, int OldStart, int OldEnd, int NewStart, int NewEnd, bool Truncated = false);
