using Archive.Core.Versions;

namespace Archive.Core.Tests.Versions;

public sealed class TextDifferTests
{
    private const string Old = "Detainees were moved on 21 January.\nThe convoy left Hasakah at dawn.\nOfficials declined to comment.\n";

    [Fact]
    public void Diff_IdenticalTexts_ReportsNoChange()
    {
        var diff = TextDiffer.Diff(Old, Old, CancellationToken.None);

        Assert.True(diff.Identical);
        Assert.Equal(0, diff.Changes);
        Assert.Empty(diff.Hunks);
        Assert.Empty(diff.Notes);
    }

    [Fact]
    public void Diff_FromOrToAnEmptyText_IsOneAdditionOrOneRemoval()
    {
        var added = TextDiffer.Diff(string.Empty, Old, CancellationToken.None);
        var removed = TextDiffer.Diff(Old, string.Empty, CancellationToken.None);

        Assert.Equal((0, Old.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length), (added.WordsRemoved, added.WordsAdded));
        Assert.Equal((Old.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length, 0), (removed.WordsRemoved, removed.WordsAdded));
        Assert.Equal(Old, string.Concat(Assert.Single(added.Hunks).Segments.Where(s => s.Kind == EditKind.Added).Select(s => s.Text)));
        Assert.Equal(Old, string.Concat(Assert.Single(removed.Hunks).Segments.Where(s => s.Kind == EditKind.Removed).Select(s => s.Text)));
    }

    [Fact]
    public void Diff_OneWordEdited_ShowsRemovedAndAddedWordWithRangesInEachText()
    {
        var updated = Old.Replace("at dawn", "at noon", StringComparison.Ordinal);

        var diff = TextDiffer.Diff(Old, updated, CancellationToken.None);

        Assert.Equal(1, diff.Changes);
        Assert.Equal((1, 1), (diff.WordsRemoved, diff.WordsAdded));
        var hunk = Assert.Single(diff.Hunks);
        var removed = Assert.Single(hunk.Segments, s => s.Kind == EditKind.Removed);
        var added = Assert.Single(hunk.Segments, s => s.Kind == EditKind.Added);
        Assert.Equal("dawn", removed.Text);
        Assert.Equal("noon", added.Text);
        var at = Old.IndexOf("dawn", StringComparison.Ordinal);
        Assert.Equal((at, at + 4), (removed.OldStart, removed.OldEnd));
        Assert.Equal((at, at + 4), (added.NewStart, added.NewEnd));
        Assert.Equal("dawn", Old[removed.OldStart..removed.OldEnd]);
        Assert.Equal("noon", updated[added.NewStart..added.NewEnd]);

        // Context stays within the line and starts at a word: the unchanged text around the change, collapsed elsewhere.
        Assert.Equal("The convoy left Hasakah at ", hunk.Segments[0].Text);
        Assert.Equal(".", hunk.Segments[^1].Text);
    }

    [Fact]
    public void Diff_SentenceInserted_ShowsOnlyAnAddition()
    {
        var updated = Old.Replace("at dawn.\n", "at dawn.\nA second convoy followed a day later.\n", StringComparison.Ordinal);

        var diff = TextDiffer.Diff(Old, updated, CancellationToken.None);

        var change = Assert.Single(diff.Hunks.SelectMany(h => h.Segments), s => s.Kind != EditKind.Same);
        Assert.Equal(EditKind.Added, change.Kind);
        Assert.Equal("A second convoy followed a day later.\n", change.Text);
        Assert.Equal(change.OldStart, change.OldEnd);
        Assert.Equal(updated.IndexOf("A second", StringComparison.Ordinal), change.NewStart);
        Assert.Equal((0, 7), (diff.WordsRemoved, diff.WordsAdded));
    }

    [Fact]
    public void Diff_LineDeleted_ShowsOnlyARemoval()
    {
        var updated = Old.Replace("The convoy left Hasakah at dawn.\n", string.Empty, StringComparison.Ordinal);

        var diff = TextDiffer.Diff(Old, updated, CancellationToken.None);

        var change = Assert.Single(diff.Hunks.SelectMany(h => h.Segments), s => s.Kind != EditKind.Same);
        Assert.Equal(EditKind.Removed, change.Kind);
        Assert.Equal("The convoy left Hasakah at dawn.\n", change.Text);
        Assert.Equal(Old.IndexOf("The convoy", StringComparison.Ordinal), change.OldStart);
        Assert.Equal(change.NewStart, change.NewEnd);
    }

    [Fact]
    public void Diff_ArabicWordChanged_KeepsDiacriticsWithTheirWord()
    {
        const string before = "أعلنت السلطات في مدينة الحسكة أن عشرات السجناء فرّوا من سجن الصناعة.\n";
        var after = before.Replace("عشرات", "مئات", StringComparison.Ordinal);

        var diff = TextDiffer.Diff(before, after, CancellationToken.None);

        var segments = Assert.Single(diff.Hunks).Segments;
        Assert.Equal("عشرات", Assert.Single(segments, s => s.Kind == EditKind.Removed).Text);
        Assert.Equal("مئات", Assert.Single(segments, s => s.Kind == EditKind.Added).Text);
        // The shadda of فرّوا is a combining mark: it stays inside its unchanged word.
        Assert.Contains("فرّوا", string.Concat(segments.Where(s => s.Kind == EditKind.Same).Select(s => s.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_TextWithEmoji_CountsRangesInCodePoints()
    {
        const string before = "Flag 🇸🇾 raised over the town hall.\n";
        var after = before.Replace("town", "city", StringComparison.Ordinal);

        var diff = TextDiffer.Diff(before, after, CancellationToken.None);

        var removed = Assert.Single(diff.Hunks.SelectMany(h => h.Segments), s => s.Kind == EditKind.Removed);
        // The flag is two regional indicators: four UTF-16 units before "town", but two code points.
        var utf16 = before.IndexOf("town", StringComparison.Ordinal);
        Assert.Equal((utf16 - 2, utf16 + 2), (removed.OldStart, removed.OldEnd));
    }

    [Fact]
    public void Diff_TwoUnrelatedLongTexts_StopsAtTheEditCapWithANote()
    {
        var a = string.Join('\n', Enumerable.Range(0, 5_000).Select(i => $"alpha line {i} of the first text"));
        var b = string.Join('\n', Enumerable.Range(0, 5_000).Select(i => $"omega row {i} in another document"));

        var diff = TextDiffer.Diff(a, b, CancellationToken.None);

        Assert.Contains(diff.Notes, n => n.Contains("more than 2,000 lines", StringComparison.Ordinal));
        var hunk = Assert.Single(diff.Hunks);
        var removed = Assert.Single(hunk.Segments, s => s.Kind == EditKind.Removed);
        Assert.True(removed.Truncated);
        Assert.Equal(TextDiffer.MaxSegmentChars, removed.Text.Length);
        Assert.Equal((0, a.Length), (removed.OldStart, removed.OldEnd));
    }

    [Fact]
    public void Diff_SmallEditInTwentyMillionCharacters_AllocatesAboutTheTextsNotTheirProduct()
    {
        var line = "The detention facility in Hasakah held several thousand people, officials said on Tuesday.\n";
        var big = new System.Text.StringBuilder(20_000_000 + line.Length);
        while (big.Length < 20_000_000)
        {
            big.Append(line);
        }

        var a = big.ToString();
        var at = a.IndexOf('\n', 10_000_000) + 1;
        var b = string.Concat(a.AsSpan(0, at), "An inserted sentence. ", a.AsSpan(at));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var diff = TextDiffer.Diff(a, b, CancellationToken.None);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1, diff.Changes);
        Assert.Equal(3, diff.WordsAdded);
        Assert.True(allocated < 10_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Diff_TwoUnrelatedTextsOfMillionsOfWords_StopsCountingWordsAtTheCap()
    {
        var a = string.Concat(Enumerable.Repeat("alpha beta gamma delta\n", 200_000));
        var b = string.Concat(Enumerable.Repeat("omega psi chi phi\n", 200_000));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var diff = TextDiffer.Diff(a, b, CancellationToken.None);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(diff.Notes, n => n.Contains("more than 100,000 words on a side", StringComparison.Ordinal));
        Assert.Equal(800_000, diff.WordsRemoved);
        Assert.True(allocated < 60_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Align_MapToNew_ShiftsUnchangedPlacesAndDropsChangedOnes()
    {
        const string before = "one two three four\n";
        const string after = "zero one two 3 four\n";

        var alignment = TextDiffer.Align(before, after, CancellationToken.None);

        Assert.Equal(after.IndexOf("one", StringComparison.Ordinal), alignment.MapToNew(0));
        Assert.Equal(after.IndexOf("two", StringComparison.Ordinal), alignment.MapToNew(before.IndexOf("two", StringComparison.Ordinal)));
        Assert.Null(alignment.MapToNew(before.IndexOf("three", StringComparison.Ordinal)));
        Assert.Equal(after.IndexOf("four", StringComparison.Ordinal), alignment.MapToNew(before.IndexOf("four", StringComparison.Ordinal)));
    }

    [Fact]
    public void Diff_ManyScatteredEdits_ListsAtMostTheHunkCapButCountsAll()
    {
        var lines = Enumerable.Range(0, 1_000).Select(i => $"Paragraph {i} says the convoy moved north without incident.").ToList();
        var a = string.Join('\n', lines);
        var b = string.Join('\n', lines.Select((l, i) => i % 4 == 0 ? l.Replace("north", "south", StringComparison.Ordinal) : l));

        var diff = TextDiffer.Diff(a, b, CancellationToken.None);

        Assert.Equal(250, diff.Changes);
        Assert.Equal(250, diff.HunkCount);
        Assert.Equal(TextDiffer.MaxHunks, diff.Hunks.Count);
        Assert.Contains(diff.Notes, n => n.Contains($"only the first {TextDiffer.MaxHunks} of 250 hunks", StringComparison.Ordinal));
    }
}
