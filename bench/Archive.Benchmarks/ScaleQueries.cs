namespace Archive.Benchmarks;

/// <summary>
/// The scale benchmark's fixed query mix, drawn from the synthetic vocabulary (not from the texts, which are never
/// held): terms from frequent to rare, planted phrases, booleans, four-letter prefixes, one-edit typos.
/// </summary>
internal static class ScaleQueries
{
    public static List<QuerySet.BenchQuery> Build(SyntheticCorpus corpus, int perKind = 20)
    {
        // Ranks spread log-uniformly from frequent (10) to rare (50,000), so both long and short postings are read.
        var ranks = Enumerable.Range(0, perKind * 4).Select(i => (int)Math.Round(10 * Math.Pow(5000, i / (perKind * 4.0 - 1)))).ToList();
        var latin = ranks.Select(r => corpus.Latin[r]).ToList();
        var queries = new List<QuerySet.BenchQuery>();
        for (var i = 0; i < perKind; i++)
        {
            var word = i % 4 == 3 ? corpus.Arabic[ranks[i * 4] % corpus.Arabic.Count] : latin[i * 4];
            queries.Add(new("term", word, null, [word]));
        }

        foreach (var (first, second) in corpus.Collocations.Take(perKind))
        {
            queries.Add(new("phrase", $"\"{first} {second}\"", null, [first, second]));
        }

        for (var i = 0; i < perKind; i++)
        {
            var (a, b) = (latin[i * 4 + 1], latin[(i * 4 + 2 + (perKind * 2)) % latin.Count]);
            var op = (i % 3) switch { 0 => "AND", 1 => "OR", _ => "NOT" };
            queries.Add(new("boolean", $"{a} {op} {b}", null, [a, b], op));
        }

        foreach (var word in latin.Where(w => w.Length >= 5).Take(perKind))
        {
            queries.Add(new("prefix", word[..4] + "*", null, [word[..4]]));
        }

        foreach (var word in latin.Where(w => w.Length >= 6).Skip(1).Take(perKind))
        {
            var typo = word[..2] + word[3] + word[2] + word[4..];
            queries.Add(new("fuzzy", typo + "~1", null, [typo]));
        }

        return queries;
    }
}
