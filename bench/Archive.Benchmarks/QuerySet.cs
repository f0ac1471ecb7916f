using System.Text.RegularExpressions;

namespace Archive.Benchmarks;

/// <summary>A fixed, reproducible query mix drawn from a corpus: terms, phrases, booleans, prefixes, fuzzy and alias queries.</summary>
internal static partial class QuerySet
{
    /// <summary>
    /// One query in Archive's syntax, the closest raw-FTS5 MATCH string (null where FTS5 has no equivalent), and its
    /// parts, so that an engine can build its query objects directly instead of parsing a string: the term, the
    /// phrase's words, the two operands of a boolean (with <paramref name="Operator"/> AND, OR or NOT), the prefix,
    /// the misspelt word of a fuzzy query (edit distance 1), or an alias's variants (each a word or a phrase).
    /// </summary>
    public sealed record BenchQuery(string Kind, string Archive, string? Fts5, IReadOnlyList<string> Parts, string? Operator = null);

    public static List<BenchQuery> Build(IEnumerable<string> texts, IReadOnlyList<(string Query, string[] Variants)> aliases, int perKind = 40)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var bigrams = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
            for (var i = 0; i < words.Count; i++)
            {
                counts[words[i]] = counts.GetValueOrDefault(words[i]) + 1;
                if (i + 1 < words.Count && words[i].Length > 3 && words[i + 1].Length > 3)
                {
                    var pair = words[i] + " " + words[i + 1];
                    bigrams[pair] = bigrams.GetValueOrDefault(pair) + 1;
                }
            }
        }

        // Mid-frequency words: common enough to hit, rare enough to discriminate.
        var ranked = counts.Where(c => c.Key.Length >= 4).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).ToList();
        var terms = ranked.Skip(50).Where((_, i) => i % 7 == 0).Take(perKind * 3).ToList();
        var phrases = bigrams.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Skip(20).Where((_, i) => i % 5 == 0).Take(perKind).Select(b => b.Key).ToList();
        var queries = new List<BenchQuery>();
        foreach (var t in terms.Take(perKind))
        {
            queries.Add(new("term", t, Quote(t), [t]));
        }

        foreach (var p in phrases)
        {
            queries.Add(new("phrase", $"\"{p}\"", Quote(p), p.Split(' ')));
        }

        for (var i = 0; i + 1 < perKind * 2 && i + 1 < terms.Count; i += 2)
        {
            var (a, b) = (terms[i], terms[i + 1]);
            var (op, fts) = (i / 2 % 3) switch
            {
                0 => ("AND", "AND"),
                1 => ("OR", "OR"),
                _ => ("NOT", "NOT"),
            };
            queries.Add(new("boolean", $"{a} {op} {b}", $"{Quote(a)} {fts} {Quote(b)}", [a, b], op));
        }

        foreach (var t in terms.Skip(perKind).Take(perKind))
        {
            var prefix = t[..Math.Min(4, t.Length)];
            queries.Add(new("prefix", prefix + "*", Quote(prefix) + " *", [prefix]));
        }

        foreach (var t in terms.Skip(perKind * 2).Take(perKind))
        {
            var typo = t.Length > 4 ? t[..2] + t[3] + t[2] + t[4..] : t;
            queries.Add(new("fuzzy", typo + "~1", null, [typo]));
        }

        foreach (var (query, variants) in aliases)
        {
            queries.Add(new("alias", query, string.Join(" OR ", variants.Select(Quote)), variants));
        }

        return queries;
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
