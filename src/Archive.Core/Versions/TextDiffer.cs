using System.Globalization;
using Archive.Core.Text;

namespace Archive.Core.Versions;

/// <summary>
/// Word-level diff of two canonical texts, bounded for texts of any size. It works in three passes so that no pass needs
/// memory for both texts' lengths multiplied: the common start and end are set aside by a straight comparison (a small
/// edit in a 50 MB text costs one read of each); the rest is diffed line by line (one paragraph per line in canonical
/// text); each changed block of lines is then diffed word by word. Each diff stops after a fixed number of edits
/// (<see cref="MaxLineEdits"/>, <see cref="MaxWordEdits"/>); a stretch that needs more is shown as one change, with a note.
/// </summary>
public static class TextDiffer
{
    /// <summary>The most line edits the line pass looks for (Myers' D): about 16 MB of frontier at most.</summary>
    public const int MaxLineEdits = 2_000;

    /// <summary>The most word edits in one changed block of lines.</summary>
    public const int MaxWordEdits = 2_000;

    /// <summary>A changed block with more words than this on either side (counting a separator after each) is shown as one change.</summary>
    public const int MaxBlockTokens = 100_000;

    /// <summary>The most hunks a diff lists; the counts still cover every change.</summary>
    public const int MaxHunks = 200;

    /// <summary>The most characters of text one segment carries.</summary>
    public const int MaxSegmentChars = 2_000;

    /// <summary>Unchanged characters shown on each side of a change.</summary>
    public const int ContextChars = 60;

    /// <summary>Lines up two texts: their changed stretches in order.</summary>
    public static TextAlignment Align(string oldText, string newText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var notes = new List<string>();
        var changes = new List<ChangedRange>();
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return new TextAlignment(oldText, newText, changes, notes);
        }

        // The common start and end, cut back to whole lines so the line pass sees whole lines.
        var prefix = oldText.AsSpan().CommonPrefixLength(newText);
        prefix = prefix == 0 ? 0 : oldText.LastIndexOf('\n', prefix - 1) + 1;
        var suffix = CommonSuffix(oldText.AsSpan(prefix), newText.AsSpan(prefix));
        var oldEnd = oldText.Length - suffix;
        if (suffix > 0)
        {
            var newline = oldText.IndexOf('\n', oldEnd);
            oldEnd = newline < 0 ? oldText.Length : newline + 1;
        }

        var newEnd = newText.Length - (oldText.Length - oldEnd);
        var oldLines = Lines(oldText, prefix, oldEnd);
        var newLines = Lines(newText, prefix, newEnd);
        var ids = new Dictionary<TextSlice, int>();
        var lineRuns = MyersDiff.Compute(Ids(oldLines, ids), Ids(newLines, ids), MaxLineEdits, cancellationToken);
        if (lineRuns is null)
        {
            notes.Add(FormattableString.Invariant(
                $"the texts differ in more than {MaxLineEdits:N0} lines, so the {oldLines.Count:N0} older and {newLines.Count:N0} newer lines between the first and the last difference are shown as one change"));
            lineRuns = [new EditRun(EditKind.Removed, oldLines.Count), new EditRun(EditKind.Added, newLines.Count)];
        }

        int oldLine = 0, newLine = 0;
        for (var i = 0; i < lineRuns.Count;)
        {
            if (lineRuns[i].Kind == EditKind.Same)
            {
                oldLine += lineRuns[i].Count;
                newLine += lineRuns[i].Count;
                i++;
                continue;
            }

            int removed = 0, added = 0;
            for (; i < lineRuns.Count && lineRuns[i].Kind != EditKind.Same; i++)
            {
                if (lineRuns[i].Kind == EditKind.Removed)
                {
                    removed += lineRuns[i].Count;
                }
                else
                {
                    added += lineRuns[i].Count;
                }
            }

            var oldFrom = Start(oldLines, oldLine, prefix);
            var oldTo = Start(oldLines, oldLine + removed, oldEnd);
            var newFrom = Start(newLines, newLine, prefix);
            var newTo = Start(newLines, newLine + added, newEnd);
            DiffWords(oldText, oldFrom, oldTo, newText, newFrom, newTo, ids, changes, notes, cancellationToken);
            oldLine += removed;
            newLine += added;
        }

        return new TextAlignment(oldText, newText, Merge(changes, oldText), notes);
    }

    /// <summary>Lines up two texts and describes the changes as hunks, with counts and notes.</summary>
    public static TextDiff Diff(string oldText, string newText, CancellationToken cancellationToken) =>
        Describe(Align(oldText, newText, cancellationToken));

    /// <summary>The hunks, counts and notes of an alignment, bounded by <see cref="MaxHunks"/> and <see cref="MaxSegmentChars"/>.</summary>
    public static TextDiff Describe(TextAlignment alignment)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        var oldText = alignment.OldText;
        var newText = alignment.NewText;
        var changes = alignment.Changes;
        int wordsRemoved = 0, wordsAdded = 0;
        foreach (var c in changes)
        {
            wordsRemoved += CountWords(oldText, c.OldStart, c.OldEnd);
            wordsAdded += CountWords(newText, c.NewStart, c.NewEnd);
        }

        var groups = new List<(int First, int Last)>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (groups.Count > 0 && changes[i].OldStart - changes[groups[^1].Last].OldEnd <= 2 * ContextChars)
            {
                groups[^1] = (groups[^1].First, i);
            }
            else
            {
                groups.Add((i, i));
            }
        }

        var notes = alignment.Notes.ToList();
        if (groups.Count > MaxHunks)
        {
            notes.Add(FormattableString.Invariant($"only the first {MaxHunks} of {groups.Count:N0} hunks are listed; the counts cover them all"));
        }

        var oldPoints = new CodePointCursor(oldText);
        var newPoints = new CodePointCursor(newText);
        var hunks = new List<DiffHunk>();
        foreach (var (first, last) in groups.Take(MaxHunks))
        {
            hunks.Add(Hunk(alignment, first, last, oldPoints, newPoints));
        }

        return new TextDiff(
            changes.Count == 0, CodePoints.Count(oldText), CodePoints.Count(newText), changes.Count, wordsRemoved, wordsAdded,
            groups.Count, hunks, notes);
    }

    private static DiffHunk Hunk(TextAlignment alignment, int first, int last, CodePointCursor oldPoints, CodePointCursor newPoints)
    {
        var oldText = alignment.OldText;
        var changes = alignment.Changes;
        var segments = new List<DiffSegment>();
        var head = changes[first];
        var contextStart = ContextBefore(oldText, head.OldStart);
        var shift = head.NewStart - head.OldStart;
        var hunkOldStart = oldPoints.At(contextStart);
        var hunkNewStart = newPoints.At(contextStart + shift);
        Same(segments, oldText, contextStart, head.OldStart, shift, oldPoints, newPoints);
        for (var i = first; i <= last; i++)
        {
            var c = changes[i];
            if (i > first)
            {
                var previous = changes[i - 1];
                Same(segments, oldText, previous.OldEnd, c.OldStart, c.NewStart - c.OldStart, oldPoints, newPoints);
            }

            var oldStart = oldPoints.At(c.OldStart);
            var oldEnd = oldPoints.At(c.OldEnd);
            var newStart = newPoints.At(c.NewStart);
            var newEnd = newPoints.At(c.NewEnd);
            if (c.OldEnd > c.OldStart)
            {
                var (text, cut) = Cut(oldText, c.OldStart, c.OldEnd);
                segments.Add(new DiffSegment(EditKind.Removed, text, oldStart, oldEnd, newStart, newStart, cut));
            }

            if (c.NewEnd > c.NewStart)
            {
                var (text, cut) = Cut(alignment.NewText, c.NewStart, c.NewEnd);
                segments.Add(new DiffSegment(EditKind.Added, text, oldEnd, oldEnd, newStart, newEnd, cut));
            }
        }

        var tail = changes[last];
        var contextEnd = ContextAfter(oldText, tail.OldEnd);
        var tailShift = tail.NewEnd - tail.OldEnd;
        Same(segments, oldText, tail.OldEnd, contextEnd, tailShift, oldPoints, newPoints);
        return new DiffHunk(hunkOldStart, oldPoints.At(contextEnd), hunkNewStart, newPoints.At(contextEnd + tailShift), segments);
    }

    private static void Same(List<DiffSegment> segments, string oldText, int from, int to, int shift, CodePointCursor oldPoints, CodePointCursor newPoints)
    {
        if (to <= from)
        {
            return;
        }

        var (text, cut) = Cut(oldText, from, to);
        segments.Add(new DiffSegment(EditKind.Same, text, oldPoints.At(from), oldPoints.At(to), newPoints.At(from + shift), newPoints.At(to + shift), cut));
    }

    private static (string Text, bool Cut) Cut(string text, int from, int to)
    {
        if (to - from <= MaxSegmentChars)
        {
            return (text[from..to], false);
        }

        var end = from + MaxSegmentChars;
        if (char.IsLowSurrogate(text[end]))
        {
            end--;
        }

        return (text[from..end], true);
    }

    /// <summary>Up to <see cref="ContextChars"/> unchanged characters before a change, from a word start, never across a line end.</summary>
    private static int ContextBefore(string text, int at)
    {
        var from = Math.Max(0, at - ContextChars);
        var newline = at == 0 ? -1 : text.LastIndexOf('\n', at - 1, at - from);
        if (newline >= 0)
        {
            return newline + 1;
        }

        while (from > 0 && from < at && !char.IsWhiteSpace(text[from - 1]))
        {
            from++;
        }

        return from < at && char.IsLowSurrogate(text[from]) ? from + 1 : from;
    }

    /// <summary>Up to <see cref="ContextChars"/> unchanged characters after a change, to a word end, never across a line end.</summary>
    private static int ContextAfter(string text, int at)
    {
        var to = Math.Min(text.Length, at + ContextChars);
        var newline = text.IndexOf('\n', at, to - at);
        if (newline >= 0)
        {
            return newline;
        }

        while (to < text.Length && to > at && !char.IsWhiteSpace(text[to]))
        {
            to--;
        }

        return to < text.Length && char.IsLowSurrogate(text[to]) ? to - 1 : to;
    }

    /// <summary>Diffs one changed block of lines word by word, or takes it whole when a side is empty or a limit is reached.</summary>
    private static void DiffWords(
        string oldText, int oldFrom, int oldTo, string newText, int newFrom, int newTo,
        Dictionary<TextSlice, int> ids, List<ChangedRange> changes, List<string> notes, CancellationToken cancellationToken)
    {
        if (oldTo == oldFrom || newTo == newFrom)
        {
            changes.Add(new ChangedRange(oldFrom, oldTo, newFrom, newTo));
            return;
        }

        // Tokenizing stops at the cap, so a block of two unrelated 50 MB texts costs no more than a small one.
        var oldTokens = Tokens(oldText, oldFrom, oldTo);
        var newTokens = Tokens(newText, newFrom, newTo);
        if (oldTokens is null || newTokens is null)
        {
            notes.Add(FormattableString.Invariant(
                $"a changed block of {oldTo - oldFrom:N0} older and {newTo - newFrom:N0} newer characters has more than {MaxBlockTokens:N0} words on a side, so it is shown as one change"));
            changes.Add(new ChangedRange(oldFrom, oldTo, newFrom, newTo));
            return;
        }

        var runs = MyersDiff.Compute(Ids(oldTokens, ids), Ids(newTokens, ids), MaxWordEdits, cancellationToken);
        if (runs is null)
        {
            notes.Add(FormattableString.Invariant(
                $"a changed block of {oldTokens.Count:N0} older and {newTokens.Count:N0} newer words needs more than {MaxWordEdits:N0} word edits, so it is shown as one change"));
            changes.Add(new ChangedRange(oldFrom, oldTo, newFrom, newTo));
            return;
        }

        int oldToken = 0, newToken = 0;
        for (var i = 0; i < runs.Count;)
        {
            if (runs[i].Kind == EditKind.Same)
            {
                oldToken += runs[i].Count;
                newToken += runs[i].Count;
                i++;
                continue;
            }

            int removed = 0, added = 0;
            for (; i < runs.Count && runs[i].Kind != EditKind.Same; i++)
            {
                if (runs[i].Kind == EditKind.Removed)
                {
                    removed += runs[i].Count;
                }
                else
                {
                    added += runs[i].Count;
                }
            }

            changes.Add(new ChangedRange(
                Start(oldTokens, oldToken, oldTo), Start(oldTokens, oldToken + removed, oldTo),
                Start(newTokens, newToken, newTo), Start(newTokens, newToken + added, newTo)));
            oldToken += removed;
            newToken += added;
        }
    }

    /// <summary>Joins changes separated only by spaces within a line ("[-big red-]{+small blue+}" reads better than two changes).</summary>
    private static List<ChangedRange> Merge(List<ChangedRange> changes, string oldText)
    {
        var merged = new List<ChangedRange>(changes.Count);
        foreach (var c in changes)
        {
            if (merged.Count > 0)
            {
                var last = merged[^1];
                var gap = oldText.AsSpan(last.OldEnd, c.OldStart - last.OldEnd);
                if (gap.Length == 0 || (gap.Length <= 3 && !gap.ContainsAnyExcept(' ', '\t')))
                {
                    merged[^1] = new ChangedRange(last.OldStart, c.OldEnd, last.NewStart, c.NewEnd);
                    continue;
                }
            }

            merged.Add(c);
        }

        return merged;
    }

    private static int CommonSuffix(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var length = Math.Min(a.Length, b.Length);
        var n = 0;
        while (n < length && a[a.Length - 1 - n] == b[b.Length - 1 - n])
        {
            n++;
        }

        return n;
    }

    private static int Start(List<TextSlice> items, int index, int end) => index < items.Count ? items[index].Start : end;

    private static int[] Ids(List<TextSlice> items, Dictionary<TextSlice, int> ids)
    {
        var result = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!ids.TryGetValue(items[i], out var id))
            {
                id = ids.Count;
                ids.Add(items[i], id);
            }

            result[i] = id;
        }

        return result;
    }

    /// <summary>The lines of <c>[from, to)</c>, each with its line end.</summary>
    private static List<TextSlice> Lines(string text, int from, int to)
    {
        var lines = new List<TextSlice>();
        var start = from;
        while (start < to)
        {
            var newline = text.IndexOf('\n', start, to - start);
            var end = newline < 0 ? to : newline + 1;
            lines.Add(new TextSlice(text, start, end - start));
            start = end;
        }

        return lines;
    }

    /// <summary>
    /// Words (letters, digits and their combining marks), runs of white space, and single other characters; null once
    /// there are more than <see cref="MaxBlockTokens"/> words and separators.
    /// </summary>
    private static List<TextSlice>? Tokens(string text, int from, int to)
    {
        var tokens = new List<TextSlice>();
        var i = from;
        while (i < to)
        {
            if (tokens.Count == 2 * MaxBlockTokens)
            {
                return null;
            }

            var start = i;
            if (IsWordChar(text[i]))
            {
                while (i < to && IsWordChar(text[i]))
                {
                    i++;
                }
            }
            else if (char.IsWhiteSpace(text[i]))
            {
                while (i < to && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
            }
            else
            {
                i += char.IsHighSurrogate(text[i]) && i + 1 < to && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            }

            tokens.Add(new TextSlice(text, start, i - start));
        }

        return tokens;
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static int CountWords(string text, int from, int to)
    {
        var count = 0;
        var inWord = false;
        for (var i = from; i < to; i++)
        {
            var word = IsWordChar(text[i]);
            if (word && !inWord)
            {
                count++;
            }

            inWord = word;
        }

        return count;
    }
}
