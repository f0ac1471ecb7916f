using System.Globalization;

namespace Archive.Core.Search;

/// <summary>
/// Turns the parsed query into an <see cref="ExpandedQuery"/>, engine-neutrally: full-text leaves are analyzed; terms
/// and phrases gain their name variants from the alias table; wildcard and fuzzy terms become the most frequent
/// indexed words they match (at most <see cref="SearchLimits.MaxExpansions"/>); and each alternative carries the rule
/// that finds it in a hit's text, with its reason (term, stem, phrase, alias, prefix, wildcard or fuzzy).
/// </summary>
internal sealed class QueryExpander
{
    private readonly Analyzer _analyzer;
    private readonly AliasTable _aliases;
    private readonly bool _useAliases;
    private readonly int _maxExpansions;
    private readonly Func<(string[] Terms, int[] Docs)> _vocabulary;

    /// <param name="vocabulary">
    /// The index's exact-form words, sorted ordinally, with their document frequencies; asked for only when a
    /// wildcard or fuzzy term needs it.
    /// </param>
    public QueryExpander(Analyzer analyzer, AliasTable aliases, bool useAliases, int maxExpansions, Func<(string[] Terms, int[] Docs)> vocabulary)
    {
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        _aliases = aliases ?? throw new ArgumentNullException(nameof(aliases));
        _useAliases = useAliases;
        _maxExpansions = maxExpansions;
        _vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
    }

    public ExpandedQuery Expand(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var run = new Run(this);
        var root = run.Node(query, positive: true);
        return new ExpandedQuery(root, run.Rules, run.Notes);
    }

    /// <summary>One expansion: the rules and notes gathered in query order.</summary>
    private sealed class Run(QueryExpander owner)
    {
        public List<MatchRule> Rules { get; } = [];

        public List<string> Notes { get; } = [];

        public ExpandedQuery.Node Node(Query query, bool positive) => query switch
        {
            BooleanQuery b => new ExpandedQuery.Boolean(b.Clauses.Select(c => (c.Occur, Node(c.Query, positive && c.Occur != Occur.MustNot))).ToList()),
            MatchAllQuery => new ExpandedQuery.All(),
            TermQuery t when IsText(t.Field) => Term(t, positive),
            PhraseQuery p when IsText(p.Field) => Phrase(p, positive),
            PrefixQuery p when IsText(p.Field) => Prefix(p, positive),
            WildcardQuery w when IsText(w.Field) => Wildcard(w, positive),
            FuzzyQuery f when IsText(f.Field) => Fuzzy(f, positive),
            TermQuery or PhraseQuery or PrefixQuery or WildcardQuery or FuzzyQuery or RangeQuery => new ExpandedQuery.Field(query),
            _ => throw new NotSupportedException($"query node {query.GetType().Name} cannot be expanded"),
        };

        private static bool IsText(QueryField? field) => field is null or QueryField.Title or QueryField.Text;

        private ExpandedQuery.Text Leaf(QueryField? field, List<MatchRule> alternatives, bool positive)
        {
            if (positive)
            {
                Rules.AddRange(alternatives);
            }

            return new ExpandedQuery.Text(field, alternatives, positive);
        }

        private ExpandedQuery.Node Term(TermQuery t, bool positive)
        {
            var tokens = owner._analyzer.Tokenize(t.Text);
            if (tokens.Count == 0)
            {
                Notes.Add($"'{t.Text}' has no searchable words");
                return new ExpandedQuery.Empty();
            }

            var alternatives = new List<MatchRule> { new(tokens.Select(k => k.Stem).ToList(), ByStem: true, LastIsPrefix: false, "term", t.Text) };
            if (owner._useAliases && !t.NoAlias && owner._aliases.Find(tokens) is { } match)
            {
                alternatives.AddRange(match.Others.Select(other => new MatchRule(other.StemTerms, ByStem: true, LastIsPrefix: false, "alias", t.Text, other.Text)));
            }

            return Leaf(t.Field, alternatives, positive);
        }

        private ExpandedQuery.Node Phrase(PhraseQuery p, bool positive)
        {
            var tokens = owner._analyzer.Tokenize(p.Text);
            if (tokens.Count == 0)
            {
                Notes.Add($"\"{p.Text}\" has no searchable words");
                return new ExpandedQuery.Empty();
            }

            var exact = tokens.Select(k => k.Term).ToList();
            var near = p.Slop > 0 && exact.Count > 1 ? p.Slop : 0;
            var alternatives = new List<MatchRule> { new(exact, ByStem: false, LastIsPrefix: false, exact.Count > 1 ? "phrase" : "term", p.Text, Near: near) };
            if (owner._useAliases && !p.NoAlias && owner._aliases.Find(tokens) is { } match && match.Entry.Exact == string.Join(' ', exact))
            {
                alternatives.AddRange(match.Others.Select(other => new MatchRule(other.ExactTerms, ByStem: false, LastIsPrefix: false, "alias", p.Text, other.Text)));
            }

            return Leaf(p.Field, alternatives, positive);
        }

        private ExpandedQuery.Node Prefix(PrefixQuery p, bool positive)
        {
            var tokens = owner._analyzer.Tokenize(p.Prefix);
            return tokens.Count == 0
                ? new ExpandedQuery.Empty()
                : Leaf(p.Field, [new MatchRule(tokens.Select(k => k.Term).ToList(), ByStem: false, LastIsPrefix: true, "prefix", p.Prefix + "*")], positive);
        }

        private ExpandedQuery.Node Wildcard(WildcardQuery w, bool positive)
        {
            var pattern = Analyzer.FoldCharacters(w.Pattern);
            var literal = Analyzer.FoldCharacters(w.LiteralPrefix);
            var (terms, docs) = owner._vocabulary();
            var found = new List<(string Term, int Docs)>();
            for (var i = LowerBound(terms, literal); i < terms.Length && terms[i].StartsWith(literal, StringComparison.Ordinal); i++)
            {
                if (WildcardMatcher.IsMatch(pattern, terms[i]))
                {
                    found.Add((terms[i], docs[i]));
                }
            }

            return Expansion(w.Field, w.Pattern, "wildcard", found, positive);
        }

        private ExpandedQuery.Node Fuzzy(FuzzyQuery f, bool positive)
        {
            var tokens = owner._analyzer.Tokenize(f.Text);
            if (tokens.Count != 1)
            {
                Notes.Add($"fuzzy '{f.Text}~' needs exactly one word");
                return tokens.Count == 0 ? new ExpandedQuery.Empty() : Term(new TermQuery(f.Field, f.Text, NoAlias: true), positive);
            }

            var target = tokens[0].Term;
            var (terms, docs) = owner._vocabulary();
            var found = new List<(string Term, int Docs)>();
            for (var i = 0; i < terms.Length; i++)
            {
                var term = terms[i];
                if (Math.Abs(term.Length - target.Length) <= f.MaxEdits && EditDistance.IsWithin(term, target, f.MaxEdits))
                {
                    found.Add((term, docs[i]));
                }
            }

            return Expansion(f.Field, f.Text + "~" + f.MaxEdits.ToString(CultureInfo.InvariantCulture), "fuzzy", found, positive);
        }

        private ExpandedQuery.Node Expansion(QueryField? field, string source, string reason, List<(string Term, int Docs)> found, bool positive)
        {
            if (found.Count == 0)
            {
                Notes.Add($"{source} matches no indexed word");
                return new ExpandedQuery.Nothing();
            }

            var max = owner._maxExpansions;
            if (found.Count > max)
            {
                Notes.Add($"{source} matches {found.Count} words; searching the {max} most frequent");
            }

            var chosen = found.OrderByDescending(f => f.Docs).ThenBy(f => f.Term, StringComparer.Ordinal).Take(max)
                .Select(f => new MatchRule([f.Term], ByStem: false, LastIsPrefix: false, reason, source, f.Term))
                .ToList();
            return Leaf(field, chosen, positive);
        }

        private static int LowerBound(string[] sorted, string value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (string.CompareOrdinal(sorted[mid], value) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
