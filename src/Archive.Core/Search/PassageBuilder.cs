using Archive.Core.Text;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Finds the query's matches in a text with the same analyzer the index used, and cuts passages around them:
/// the sentence holding the match, within its line, at most about 400 code points, never containing a straight
/// double quote (so the passage can be cited as it stands). Offsets are code points into the canonical text.
/// </summary>
internal sealed class PassageBuilder(Analyzer analyzer)
{
    private const int MaxPassage = 400;
    private const int Context = 240;

    /// <summary>Texts longer than this (UTF-16 units) are read line by line in pieces, and only until enough matches are found.</summary>
    public const int LargeText = 1 << 20;

    private const int Piece = 256 * 1024;

    /// <param name="chain">The chain the text was indexed with (its capture's language), whose stems the rules by stem compare with.</param>
    /// <param name="cancellationToken">Checked between the pieces of a large text, so a search's time limit covers its passages.</param>
    public (IReadOnlyList<SearchPassage> Passages, IReadOnlyList<string> Why) Build(
        string text, IReadOnlyList<MatchRule> rules, string citeId, int maxPassages, LanguageChain? chain = null, CancellationToken cancellationToken = default) =>
        Build(text, rules, citeId, maxPassages, chain, null, cancellationToken);

    /// <param name="hints">
    /// For a large text: where the index says the rules' terms occur (code-point offsets, sorted, with the rule's
    /// index). Only the pieces holding one are analyzed, and only the rules named count toward stopping early. Null:
    /// every piece may hold a match.
    /// </param>
    public (IReadOnlyList<SearchPassage> Passages, IReadOnlyList<string> Why) Build(
        string text, IReadOnlyList<MatchRule> rules, string citeId, int maxPassages, LanguageChain? chain, IReadOnlyList<(int Start, int Rule)>? hints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        chain ??= LanguageChain.Default;
        var map = new CodePointMap(text);
        var matches = text.Length <= LargeText
            ? FindMatches(analyzer.Tokenize(text, chain), rules, map, chain)
            : FindMatchesInPieces(text, rules, map, chain, 8 * Math.Max(1, maxPassages), true, hints, cancellationToken);
        var why = matches.Select(m => Describe(m)).Distinct(StringComparer.Ordinal).Take(12).ToList();
        if (matches.Count == 0 || maxPassages <= 0)
        {
            return ([], why);
        }

        var windows = new List<(int Start, int End, List<PassageMatch> Inside)>();
        foreach (var match in matches)
        {
            if (windows.Count > 0 && match.Start >= windows[^1].Start && match.End <= windows[^1].End)
            {
                windows[^1].Inside.Add(match);
                continue;
            }

            var (start, end) = Window(map, match.Start, match.End);
            if (windows.Count > 0 && start < windows[^1].End)
            {
                continue;
            }

            windows.Add((start, end, [match]));
        }

        var chosen = windows
            .Select((w, i) => (w, i, Score: w.Inside.Select(m => m.Query + "\u0001" + m.Via).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(x => x.Score).ThenBy(x => x.i)
            .Take(maxPassages)
            .OrderBy(x => x.i)
            .Select(x => x.w);
        var passages = new List<SearchPassage>();
        foreach (var (start, end, inside) in chosen)
        {
            var passageText = map.Slice(start, end);
            passages.Add(new SearchPassage(start, end, passageText, Outermost(inside), Citation(text, passageText, start, map, citeId)));
        }

        return (passages, why);
    }

    /// <summary>
    /// The matches not inside another (<c>Hasakeh</c> within an alias's <c>al-Hasakeh</c>): a passage marks each place
    /// once. The hit's reasons still name every rule that matched.
    /// </summary>
    private static List<PassageMatch> Outermost(List<PassageMatch> matches)
    {
        var kept = new List<PassageMatch>(matches.Count);
        var reach = -1;
        foreach (var match in matches.OrderBy(m => m.Start).ThenByDescending(m => m.End))
        {
            if (match.End > reach)
            {
                kept.Add(match);
                reach = match.End;
            }
        }

        return kept;
    }

    /// <summary>
    /// Every match of the rules in <paramref name="text"/> in text order, up to <paramref name="max"/> and one more
    /// (so a caller can tell there are more): the matches "find in document" marks. A large text is analyzed piece by
    /// piece, only where <paramref name="hints"/> place a term, and no further than the match after the last wanted.
    /// </summary>
    public IReadOnlyList<PassageMatch> Matches(string text, IReadOnlyList<MatchRule> rules, LanguageChain chain, int max, IReadOnlyList<(int Start, int Rule)>? hints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(chain);
        var map = new CodePointMap(text);
        var matches = text.Length <= LargeText
            ? FindMatches(analyzer.Tokenize(text, chain), rules, map, chain)
            : FindMatchesInPieces(text, rules, map, chain, max + 1, false, hints, cancellationToken);
        return matches.Count > max + 1 ? matches[..(max + 1)] : matches;
    }

    /// <summary>
    /// The matches of a large text, found piece by piece (pieces end at a line break, so a match never spans two
    /// unless a line is longer than a piece), stopping once there are <paramref name="enough"/> matches (and, with
    /// <paramref name="everyRule"/>, every rule has matched). Bounded memory and time for a text of tens of megabytes.
    /// </summary>
    private List<PassageMatch> FindMatchesInPieces(string text, IReadOnlyList<MatchRule> rules, CodePointMap map, LanguageChain chain, int enough, bool everyRule, IReadOnlyList<(int Start, int Rule)>? hints, CancellationToken cancellationToken)
    {
        if (hints is not null)
        {
            return FindMatchesAtHints(rules, map, chain, enough, everyRule, hints, cancellationToken);
        }

        var found = new List<PassageMatch>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var wanted = (hints is null ? rules : hints.Select(h => rules[h.Rule]).Distinct()).Select(r => r.Source + "\u0001" + r.Via).ToHashSet(StringComparer.Ordinal);
        var hint = 0;
        var tokens = new List<Token>();
        var start = 0;
        var codePoint = 0;
        while (start < text.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(text.Length, start + Piece);
            if (end < text.Length)
            {
                var cut = text.AsSpan(start, end - start).LastIndexOf('\n');
                end = cut > 0 ? start + cut + 1 : end;
                while (end < text.Length && char.IsLowSurrogate(text[end]))
                {
                    end++;
                }
            }

            if (hints is not null)
            {
                // A piece the index places none of the rules' terms in holds no match: skip it unanalyzed.
                var length = CodePointLength(text.AsSpan(start, end - start));
                while (hint < hints.Count && hints[hint].Start < codePoint)
                {
                    hint++;
                }

                if (hint >= hints.Count || hints[hint].Start >= codePoint + length)
                {
                    codePoint += length;
                    start = end;
                    if (hint >= hints.Count)
                    {
                        break;
                    }

                    continue;
                }
            }

            var piece = text[start..end];
            tokens.Clear();
            analyzer.Tokenize(piece, tokens, chain);
            var shifted = tokens.Select(t => t with { Start = t.Start + codePoint, End = t.End + codePoint }).ToList();
            foreach (var match in FindMatches(shifted, rules, map, chain))
            {
                found.Add(match);
                seen.Add(match.Query + "\u0001" + match.Via);
            }

            codePoint += CodePoints.Count(piece);
            start = end;
            if (found.Count >= enough && (!everyRule || wanted.IsSubsetOf(seen)))
            {
                break;
            }
        }

        return found;
    }

    /// <summary>How far on each side of a place the index gives a window reaches (code points), before it widens to a space.</summary>
    private const int HintReach = 1024;

    /// <summary>
    /// A place this close to the end of the window before it gets a window of its own (reaching back over that end): a
    /// phrase or NEAR pair starting there may run past the window's end.
    /// </summary>
    private const int SeamReach = 256;

    /// <summary>
    /// The matches of a large text where the index places the rules' terms: only a window around each place that can
    /// still add something (a rule not seen yet, or a match while there are fewer than <paramref name="enough"/>) is
    /// analyzed, in text order, so the work is bounded by the matches wanted, not by the text's size or how many terms
    /// a fuzzy or wildcard term expanded to (each of them has its places all over a large text).
    /// </summary>
    private List<PassageMatch> FindMatchesAtHints(IReadOnlyList<MatchRule> rules, CodePointMap map, LanguageChain chain, int enough, bool everyRule, IReadOnlyList<(int Start, int Rule)> hints, CancellationToken cancellationToken)
    {
        var found = new List<PassageMatch>();
        var kept = new HashSet<(int, int, string, string?)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var wanted = hints.Where(h => h.Start < map.Length).Select(h => Key(rules[h.Rule])).ToHashSet(StringComparer.Ordinal);
        var tokens = new List<Token>();
        var analyzedTo = 0;
        foreach (var (start, rule) in hints)
        {
            if (found.Count >= enough && (!everyRule || wanted.IsSubsetOf(seen)))
            {
                break;
            }

            // A place past the text's end (an index that does not match this text), well inside a window already
            // analyzed, or that can add nothing, is passed over.
            if (start >= map.Length || start < analyzedTo - SeamReach || (found.Count >= enough && seen.Contains(Key(rules[rule]))))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            // Each window reaches back over the end of the one before, so a phrase or NEAR pair across the seam is found.
            var from = Math.Max(Math.Max(0, analyzedTo - HintReach), start - HintReach);
            var to = Math.Min(map.Length, start + HintReach);
            // Widened to whitespace on both sides (within another reach), so no word is cut in two.
            for (var limit = Math.Max(0, from - HintReach); from > limit && !char.IsWhiteSpace(map[from - 1]); from--)
            {
            }

            for (var limit = Math.Min(map.Length, to + HintReach); to < limit && !char.IsWhiteSpace(map[to]); to++)
            {
            }

            tokens.Clear();
            analyzer.Tokenize(map.Slice(from, to), tokens, chain);
            var shifted = tokens.Select(t => t with { Start = t.Start + from, End = t.End + from }).ToList();
            foreach (var match in FindMatches(shifted, rules, map, chain))
            {
                // Windows overlap: a match found again is kept once.
                if (kept.Add((match.Start, match.End, match.Query, match.Via)))
                {
                    found.Add(match);
                    seen.Add(match.Query + "\u0001" + match.Via);
                }
            }

            analyzedTo = to;
        }

        // In text order, as a scan of the whole text finds them (a match across a seam comes after those before it).
        return [.. found.OrderBy(m => m.Start).ThenBy(m => m.End)];

        static string Key(MatchRule rule) => rule.Source + "\u0001" + rule.Via;
    }

    private static int CodePointLength(ReadOnlySpan<char> span)
    {
        var length = span.Length;
        if (span.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            for (var i = 0; i + 1 < span.Length; i++)
            {
                if (char.IsHighSurrogate(span[i]) && char.IsLowSurrogate(span[i + 1]))
                {
                    length--;
                    i++;
                }
            }
        }

        return length;
    }

    /// <summary>
    /// Why a capture's title matched (its metadata title, which its text need not hold), each reason ending
    /// "(title)": a hit that matched only there is still explained.
    /// </summary>
    public IReadOnlyList<string> TitleWhy(string title, IReadOnlyList<MatchRule> rules, LanguageChain? chain = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rules);
        chain ??= LanguageChain.Default;
        var matches = FindMatches(analyzer.Tokenize(title, chain), rules, new CodePointMap(title), chain);
        return [.. matches.Select(m => Describe(m) + " (title)").Distinct(StringComparer.Ordinal).Take(12)];
    }

    private static string Describe(PassageMatch m) => m.Reason switch
    {
        "alias" => $"alias: {m.Query} → {m.Via}",
        "fuzzy" or "wildcard" => $"{m.Reason}: {m.Query} → {m.Via}",
        "stem" => $"stem: {m.Query} → {m.Text}",
        _ => $"{m.Reason}: {m.Query}",
    };

    /// <summary>
    /// Every match in text order: at each token, the first rule (in query order) that matches there. Rules are found
    /// by their first word (its exact form or its stem) rather than each tried at every token: a fuzzy term's 64 words
    /// would otherwise be 64 comparisons a token. Prefix-only and proximity rules are tried everywhere.
    /// </summary>
    private static List<PassageMatch> FindMatches(List<Token> tokens, IReadOnlyList<MatchRule> rules, CodePointMap map, LanguageChain chain)
    {
        var found = new List<PassageMatch>();
        var terms = rules.Select(r => r.TermsFor(chain)).ToList();
        var byTerm = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byStem = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var everywhere = new List<int>();
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            if (rule.Near > 0 || terms[r].Count == 0 || (rule.LastIsPrefix && terms[r].Count == 1))
            {
                everywhere.Add(r);
                continue;
            }

            var byFirst = rule.ByStem ? byStem : byTerm;
            if (!byFirst.TryGetValue(terms[r][0], out var list))
            {
                byFirst[terms[r][0]] = list = [];
            }

            list.Add(r);
        }

        var candidates = new List<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            candidates.Clear();
            if (byTerm.TryGetValue(tokens[i].Term, out var exact))
            {
                candidates.AddRange(exact);
            }

            if (byStem.TryGetValue(tokens[i].Stem, out var stemmed))
            {
                candidates.AddRange(stemmed);
            }

            candidates.AddRange(everywhere);
            if (candidates.Count == 0)
            {
                continue;
            }

            candidates.Sort();
            foreach (var r in candidates)
            {
                var rule = rules[r];
                var n = rule.Near > 0 ? 1 : terms[r].Count;
                if (i + n > tokens.Count || !(rule.Near > 0 ? MatchesNear(tokens, i, rule, terms[r]) : Matches(tokens, i, rule, terms[r])))
                {
                    continue;
                }

                var start = tokens[i].Start;
                var end = tokens[i + n - 1].End;
                var reason = rule.Reason == "term" && rule.ByStem && !string.Equals(tokens[i].Term, Analyzer.FoldCharacters(rule.Source), StringComparison.Ordinal) && n == 1
                    ? "stem"
                    : rule.Reason;
                found.Add(new PassageMatch(start, end, map.Slice(start, end), reason, rule.Source, rule.Via));
                break;
            }
        }

        return found;
    }

    private static bool Matches(List<Token> tokens, int at, MatchRule rule, IReadOnlyList<string> terms)
    {
        for (var k = 0; k < terms.Count; k++)
        {
            var token = tokens[at + k];
            var value = rule.ByStem ? token.Stem : token.Term;
            var last = k == terms.Count - 1;
            var ok = last && rule.LastIsPrefix
                ? value.StartsWith(terms[k], StringComparison.Ordinal)
                : string.Equals(value, terms[k], StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The token at <paramref name="at"/> is one of the rule's terms, and every other term lies near it.</summary>
    private static bool MatchesNear(List<Token> tokens, int at, MatchRule rule, IReadOnlyList<string> terms)
    {
        string Value(int i) => rule.ByStem ? tokens[i].Stem : tokens[i].Term;
        var self = Value(at);
        if (!terms.Contains(self, StringComparer.Ordinal))
        {
            return false;
        }

        var reach = rule.Near + terms.Count - 1;
        var from = Math.Max(0, at - reach);
        var to = Math.Min(tokens.Count - 1, at + reach);
        return terms.Where(t => t != self).All(term =>
        {
            for (var i = from; i <= to; i++)
            {
                if (i != at && string.Equals(Value(i), term, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        });
    }

    /// <summary>The sentence around [start, end) within its line, trimmed to at most <see cref="MaxPassage"/> code points.</summary>
    private static (int Start, int End) Window(CodePointMap map, int start, int end)
    {
        var lineStart = start;
        while (lineStart > 0 && map[lineStart - 1] != '\n' && map[lineStart - 1] != '"' && start - lineStart < Context)
        {
            lineStart--;
        }

        var lineEnd = end;
        while (lineEnd < map.Length && map[lineEnd] != '\n' && map[lineEnd] != '"' && lineEnd - end < Context)
        {
            lineEnd++;
        }

        // Prefer sentence boundaries: the last ". " before the match and the first after it.
        var s = start;
        while (s > lineStart && !(IsSentenceEnd(map[s - 1]) && s < map.Length && char.IsWhiteSpace(map[s])))
        {
            s--;
        }

        var e = end;
        while (e < lineEnd && !(IsSentenceEnd(map[e]) && (e + 1 >= map.Length || char.IsWhiteSpace(map[e + 1]))))
        {
            e++;
        }

        if (e < lineEnd)
        {
            e++;
        }

        if (s == lineStart && lineStart > 0 && map[lineStart - 1] != '\n' && map[lineStart - 1] != '"')
        {
            s = WordStart(map, s, start);
        }

        if (e == lineEnd && lineEnd < map.Length && map[lineEnd] != '\n' && map[lineEnd] != '"')
        {
            e = WordEnd(map, e, end);
        }

        while (s < start && char.IsWhiteSpace(map[s]))
        {
            s++;
        }

        while (e > end && char.IsWhiteSpace(map[e - 1]))
        {
            e--;
        }

        if (e - s > MaxPassage)
        {
            s = Math.Max(s, WordStart(map, Math.Max(s, start - (MaxPassage - (end - start)) / 2), start));
            e = Math.Min(e, WordEnd(map, Math.Min(e, s + MaxPassage), end));
        }

        return (Math.Min(s, start), Math.Max(e, end));
    }

    private static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or '؟' or '。';

    private static int WordStart(CodePointMap map, int at, int limit)
    {
        while (at < limit && !char.IsWhiteSpace(map[at - 1 < 0 ? 0 : at - 1]))
        {
            at++;
        }

        return at;
    }

    private static int WordEnd(CodePointMap map, int at, int limit)
    {
        if (at >= map.Length)
        {
            return map.Length; // the text's end ends its last word
        }

        while (at > limit && !char.IsWhiteSpace(map[at]))
        {
            at--;
        }

        return at;
    }

    /// <summary><c>[@ID "quote"]</c>, with <c>#N</c> when the quote occurs more than once in the text.</summary>
    internal static string Citation(string text, string quote, int start, CodePointMap map, string citeId)
    {
        var index = map.ToUtf16(start);
        var occurrence = 0;
        var total = 0;
        for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            total++;
            if (at == index)
            {
                occurrence = total;
            }
        }

        var builder = new StringBuilder().Append("[@").Append(citeId).Append(" \"").Append(quote.ReplaceLineEndings(" ")).Append('"');
        if (total > 1)
        {
            builder.Append(" #").Append(occurrence);
        }

        return builder.Append(']').ToString();
    }
}
