using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util.Automaton;

namespace Archive.Benchmarks;

/// <summary>
/// The raw Lucene.Net column's "passages": what a query matches (stemmed terms, exact terms, prefixes, fuzzy
/// automata), found again in a hit's stored text by re-analysing it, as code-point offsets, with up to a few passages
/// cut around them. Its cost stands beside Archive's passages; it is not meant to be phrase-exact.
/// </summary>
internal sealed class LuceneMatcher
{
    private const int PassageRadius = 100;
    private readonly HashSet<string> _stems = new(StringComparer.Ordinal);
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];
    private readonly List<CharacterRunAutomaton> _fuzzy = [];

    public void AddStem(string term) => _stems.Add(term);

    public void AddExact(string term) => _exact.Add(term);

    public void AddPrefix(string prefix) => _prefixes.Add(prefix);

    public void AddFuzzy(string term, int edits) =>
        _fuzzy.Add(new CharacterRunAutomaton(new LevenshteinAutomata(term, withTranspositions: true).ToAutomaton(edits)));

    /// <summary>The matches in <paramref name="text"/> as code-point [start, end) ranges, and up to <paramref name="passages"/> passages.</summary>
    public (List<(int Start, int End)> Matches, List<string> Passages) Find(LuceneBenchAnalyzer analyzer, string text, int passages)
    {
        var utf16 = new List<(int Start, int End)>();
        if (_stems.Count > 0)
        {
            Scan(analyzer, LuceneBenchAnalyzer.StemField, text, utf16, _stems.Contains);
        }

        if (_exact.Count > 0 || _prefixes.Count > 0 || _fuzzy.Count > 0)
        {
            Scan(analyzer, LuceneBenchAnalyzer.ExactField, text, utf16, token =>
                _exact.Contains(token)
                || _prefixes.Exists(p => token.StartsWith(p, StringComparison.Ordinal))
                || _fuzzy.Exists(a => a.Run(token)));
        }

        utf16.Sort();

        // Offsets from Lucene are UTF-16 units; Archive's contract is code points, so convert as Archive must.
        var matches = new List<(int Start, int End)>(utf16.Count);
        var unit = 0;
        var point = 0;
        foreach (var (start, end) in utf16)
        {
            if (start < unit)
            {
                continue; // the same word matched in both fields
            }

            point += CodePoints(text, unit, start);
            var length = CodePoints(text, start, end);
            matches.Add((point, point + length));
            (unit, point) = (end, point + length);
        }

        var cut = new List<string>();
        foreach (var (start, end) in utf16.Take(passages))
        {
            var from = Math.Max(0, start - PassageRadius);
            var to = Math.Min(text.Length, end + PassageRadius);
            cut.Add(text[from..to]);
        }

        return (matches, cut);
    }

    private static void Scan(LuceneBenchAnalyzer analyzer, string field, string text, List<(int, int)> found, Func<string, bool> matches)
    {
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (matches(term.ToString()))
            {
                found.Add((offset.StartOffset, offset.EndOffset));
            }
        }

        stream.End();
    }

    private static int CodePoints(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
            {
                count++;
            }
        }

        return count;
    }
}
