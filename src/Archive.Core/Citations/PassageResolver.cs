using Archive.Core.Storage;
using Archive.Core.Text;
using System.Globalization;
using Archive.Core.Ingestion;

namespace Archive.Core.Citations;

/// <summary>
/// Finds a quote in one capture's canonical text: ordinal first, then after folding (see <see cref="FoldedText"/>).
/// Offsets in results are code points into the original text. It never guesses: a quote that occurs more than once
/// is ambiguous unless an occurrence is picked, and a quote that does not occur gets candidates, not a match.
/// Build one per capture and reuse it; the folded text and word index are built on first need.
/// </summary>
internal sealed class PassageResolver
{
    /// <summary>Characters of prefix and suffix kept with a passage (TextQuoteSelector).</summary>
    public const int ContextLength = 32;

    private const int MaxCandidates = 3;
    private const int MaxQuoteWords = 80;

    private readonly bool _hasSurrogates;
    private FoldedText? _folded;
    private List<(int Start, int End, string Word)>? _words;
    private int[]? _paragraphStarts;

    public PassageResolver(string text, CaptureId captureId, string textSha256)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        CaptureId = captureId;
        TextSha256 = textSha256;
        _hasSurrogates = text.Any(char.IsSurrogate);
    }

    public string Text { get; }

    public CaptureId CaptureId { get; }

    public string TextSha256 { get; }

    private FoldedText Folded => _folded ??= FoldedText.Create(Text);

    /// <summary>Resolves <paramref name="quote"/>; <paramref name="occurrence"/> (1-based) picks one of several.</summary>
    public PassageResolution Resolve(string quote, int? occurrence = null)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (occurrence is < 1)
        {
            return Result(PassageStatus.NotFound, null, [], [], $"occurrence #{occurrence} is not valid; occurrences count from #1");
        }

        if (quote.Trim().Length == 0)
        {
            return Result(PassageStatus.NotFound, null, [], [], "the quote is empty");
        }

        var exact = FindAll(Text, quote);
        if (exact.Count > 0)
        {
            return Pick(PassageStatus.Exact, exact.Select(i => (i, i + quote.Length)).ToList(), occurrence);
        }

        var folded = FoldedText.FoldQuote(quote);
        if (folded.Length > 0)
        {
            var matches = FindAll(Folded.Value, folded);
            if (matches.Count > 0)
            {
                return Pick(PassageStatus.Normalized, matches.Select(i => Folded.ToOriginal(i, folded.Length)).ToList(), occurrence);
            }
        }

        return Result(PassageStatus.NotFound, null, [], Candidates(folded), "the quote does not occur in the text, even after folding whitespace, quotes and dashes");
    }

    /// <summary>The passage at UTF-16 indices <c>[start, end)</c> of the text, with prefix and suffix.</summary>
    public Passage PassageAt(int utf16Start, int utf16End)
    {
        var prefixStart = Math.Max(0, utf16Start - ContextLength);
        if (prefixStart > 0 && char.IsLowSurrogate(Text[prefixStart]))
        {
            prefixStart++;
        }

        var suffixEnd = Math.Min(Text.Length, utf16End + ContextLength);
        if (suffixEnd < Text.Length && char.IsLowSurrogate(Text[suffixEnd]))
        {
            suffixEnd--;
        }

        return new Passage(
            ToCodePoints(utf16Start),
            ToCodePoints(utf16End),
            Text[utf16Start..utf16End],
            Text[prefixStart..utf16Start],
            Text[utf16End..suffixEnd]);
    }

    /// <summary>The UTF-16 index of a code-point offset.</summary>
    public int ToUtf16(int codePoints) => _hasSurrogates ? CodePoints.ToUtf16Index(Text, codePoints) : codePoints;

    /// <summary>
    /// The 1-based paragraph that holds a code-point offset. Canonical texts keep one paragraph per line, so a paragraph
    /// is a non-blank line; blank lines are not counted.
    /// </summary>
    public int ParagraphAt(int codePointOffset)
    {
        _paragraphStarts ??= ParagraphStarts(Text);
        var index = Array.BinarySearch(_paragraphStarts, ToUtf16(codePointOffset));
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    /// <summary>About one sentence of text on each side of a passage, for reading a quote in context.</summary>
    public (string Before, string After) Context(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        const int limit = 320;
        var start = ToUtf16(passage.Start);
        var end = ToUtf16(passage.End);

        var from = start;
        var boundaries = 0;
        while (from > 0 && start - from < limit)
        {
            if (IsSentenceEnd(from - 1) && ++boundaries == 2)
            {
                break;
            }

            from--;
        }

        var to = end;
        boundaries = 0;
        while (to < Text.Length && to - end < limit)
        {
            to++;
            if (IsSentenceEnd(to - 1) && ++boundaries == (IsSentenceEnd(end - 1) ? 1 : 2))
            {
                break;
            }
        }

        return (Text[from..start].TrimStart(), Text[end..to].TrimEnd());
    }

    private bool IsSentenceEnd(int i)
    {
        var c = Text[i];
        if (c == '\n')
        {
            return true;
        }

        return c is '.' or '!' or '?' or '\u061F' or '\u06D4' && (i + 1 >= Text.Length || char.IsWhiteSpace(Text[i + 1]));
    }

    private PassageResolution Pick(PassageStatus status, List<(int Start, int End)> spans, int? occurrence)
    {
        // Only the listed occurrences (and the one picked) become passages: a phrase found a million times stays cheap.
        var total = spans.Count;
        var listed = spans.Take(PassageResolution.MaxListedOccurrences).Select(s => PassageAt(s.Start, s.End)).ToList();
        if (occurrence is { } n)
        {
            return n <= total
                ? Result(status, n <= listed.Count ? listed[n - 1] : PassageAt(spans[n - 1].Start, spans[n - 1].End), listed, total, [], null)
                : Result(PassageStatus.NotFound, null, listed, total, [], $"occurrence #{n} was asked for, but the quote occurs {total} time(s)");
        }

        var shown = total > listed.Count ? $"; the first {listed.Count} are listed" : string.Empty;
        return total == 1
            ? Result(status, listed[0], listed, total, [], null)
            : Result(PassageStatus.Ambiguous, null, listed, total, [], $"the quote occurs {total} times; add #N to pick one, or quote more text{shown}");
    }

    private PassageResolution Result(PassageStatus status, Passage? passage, IReadOnlyList<Passage> occurrences, IReadOnlyList<PassageCandidate> candidates, string? message) =>
        Result(status, passage, occurrences, occurrences.Count, candidates, message);

    private PassageResolution Result(PassageStatus status, Passage? passage, IReadOnlyList<Passage> occurrences, int occurrenceCount, IReadOnlyList<PassageCandidate> candidates, string? message) =>
        new(status, passage, occurrences, occurrenceCount, candidates, CaptureId, TextSha256, message);

    private static List<int> FindAll(string text, string value)
    {
        var found = new List<int>();
        var at = text.IndexOf(value, StringComparison.Ordinal);
        while (at >= 0)
        {
            found.Add(at);
            at = at + 1 < text.Length ? text.IndexOf(value, at + 1, StringComparison.Ordinal) : -1;
        }

        return found;
    }

    /// <summary>
    /// The best windows of the text by shared words with the quote (a multiset overlap over a sliding window as long as
    /// the quote): linear in the text, so a long text and many misses stay cheap.
    /// </summary>
    private List<PassageCandidate> Candidates(string foldedQuote)
    {
        var quoteWords = Tokenize(foldedQuote).Select(w => w.Word).Take(MaxQuoteWords).ToList();
        if (quoteWords.Count == 0)
        {
            return [];
        }

        _words ??= Tokenize(Folded.Value);
        var words = _words;
        var need = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in quoteWords)
        {
            need[w] = need.GetValueOrDefault(w) + 1;
        }

        var size = quoteWords.Count;
        var have = new Dictionary<string, int>(StringComparer.Ordinal);
        var score = 0;
        var scored = new List<(int First, int Score)>();
        for (var i = 0; i < words.Count; i++)
        {
            var add = words[i].Word;
            if (need.TryGetValue(add, out var wanted) && have.GetValueOrDefault(add) < wanted)
            {
                score++;
            }

            have[add] = have.GetValueOrDefault(add) + 1;
            if (i >= size)
            {
                var drop = words[i - size].Word;
                var count = have[drop];
                have[drop] = count - 1;
                if (need.TryGetValue(drop, out var wantedDrop) && count <= wantedDrop)
                {
                    score--;
                }
            }

            var first = Math.Max(0, i - size + 1);
            if (score > 0 && (i >= size - 1 || i == words.Count - 1))
            {
                scored.Add((first, score));
            }
        }

        var threshold = Math.Max(1, (int)Math.Ceiling(size * 0.25));
        var chosen = new List<PassageCandidate>();
        var taken = new List<(int From, int To)>();
        foreach (var (windowStart, s) in scored.Where(x => x.Score >= threshold).OrderByDescending(x => x.Score).ThenBy(x => x.First))
        {
            var first = windowStart;
            var last = Math.Min(words.Count - 1, first + size - 1);
            while (first < last && !need.ContainsKey(words[first].Word))
            {
                first++;
            }

            while (last > first && !need.ContainsKey(words[last].Word))
            {
                last--;
            }

            if (taken.Any(t => first <= t.To && last >= t.From))
            {
                continue;
            }

            taken.Add((first, last));
            var (start, _) = Folded.ToOriginal(words[first].Start, 1);
            var (_, end) = Folded.ToOriginal(words[last].End - 1, 1);
            chosen.Add(new PassageCandidate(PassageAt(start, end), Math.Round((double)s / size, 2)));
            if (chosen.Count == MaxCandidates)
            {
                break;
            }
        }

        return chosen;
    }

    private static List<(int Start, int End, string Word)> Tokenize(string text)
    {
        var words = new List<(int, int, string)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                i++;
            }

            words.Add((start, i, text[start..i].ToLowerInvariant()));
        }

        return words;
    }

    private int ToCodePoints(int utf16) => _hasSurrogates ? CodePoints.FromUtf16Index(Text, utf16) : utf16;

    private static int[] ParagraphStarts(string text)
    {
        var starts = new List<int>();
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            var blank = string.IsNullOrWhiteSpace(text[lineStart..lineEnd]);
            if (!blank)
            {
                starts.Add(lineStart);
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        return starts.Count == 0 ? [0] : [.. starts];
    }
}
