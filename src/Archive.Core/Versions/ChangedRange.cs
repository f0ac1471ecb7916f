namespace Archive.Core.Versions;

/// <summary>One changed stretch, as UTF-16 indices: <c>[OldStart, OldEnd)</c> of the older text became <c>[NewStart, NewEnd)</c> of the newer.</summary>
public readonly record struct ChangedRange(int OldStart, int OldEnd, int NewStart, int NewEnd);
