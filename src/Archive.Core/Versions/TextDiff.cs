namespace Archive.Core.Versions;

/// <summary>
/// What changed between two texts, word by word: the counts, the first <see cref="TextDiffer.MaxHunks"/> hunks, and notes
/// where a limit made the diff coarser than word by word (it then says where and why).
/// </summary>
public sealed record TextDiff(
    bool Identical,
    int OldLength,
    int NewLength,
    int Changes,
    int WordsRemoved,
    int WordsAdded,
    int HunkCount,
    IReadOnlyList<DiffHunk> Hunks,
    IReadOnlyList<string> Notes);
