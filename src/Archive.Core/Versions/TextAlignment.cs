namespace Archive.Core.Versions;

/// <summary>
/// Two texts lined up: the changed stretches in order (UTF-16 indices), everything between them the same in both.
/// It maps a place in the older text to the same place in the newer, where that place is unchanged.
/// </summary>
public sealed class TextAlignment(string oldText, string newText, IReadOnlyList<ChangedRange> changes, IReadOnlyList<string> notes)
{
    public string OldText { get; } = oldText;

    public string NewText { get; } = newText;

    public IReadOnlyList<ChangedRange> Changes { get; } = changes;

    /// <summary>Where a limit made the alignment coarser than word by word.</summary>
    public IReadOnlyList<string> Notes { get; } = notes;

    /// <summary>The UTF-16 index in the newer text of an unchanged place in the older, or null when that place was changed.</summary>
    public int? MapToNew(int oldIndex)
    {
        var shift = 0;
        var low = 0;
        var high = Changes.Count - 1;
        var before = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (Changes[mid].OldStart <= oldIndex)
            {
                before = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (before >= 0)
        {
            var change = Changes[before];
            // Inside a removed or replaced stretch: that place is gone. Right after one, or at a pure insertion, it
            // moved by the change's difference in length.
            if (oldIndex < change.OldEnd)
            {
                return null;
            }

            shift = change.NewEnd - change.OldEnd;
        }

        return oldIndex + shift;
    }
}
