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
    private readonly Func<string, int, TermExpansion> _wildcard;
    private readonly Func<string, int, int, TermExpansion> _fuzzy;

    /// <param name="wildcard">The index's exact-form words matching a folded pattern, at most the given number.</param>
    /// <param name="fuzzy">The index's exact-form words within the given edits of a folded word, at most the given number.</param>
    public QueryExpander(Analyzer analyzer, AliasTable aliases, bool useAliases, int maxExpansions, Func<string, int, TermExpansion> wildcard, Func<string, int, int, TermExpansion> fuzzy)
    {
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        _aliases = aliases ?? throw new ArgumentNullException(nameof(aliases));
        _useAliases = useAliases;
        _maxExpansions = maxExpansions;
        _wildcard = wildcard ?? throw new ArgumentNullException(nameof(wildcard));
        _fuzzy = fuzzy ?? throw new ArgumentNullException(nameof(fuzzy));
    }

    public ExpandedQuery Expand(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var run = new Run(this);
        var root = run.Node(query, positive: true);
        // A clause written many times explains and finds passages once: each rule is compared with every hit's text.
        var rules = run.Rules.DistinctBy(static r => (r.Field, string.Join('\0', r.Terms), r.ByStem, r.LastIsPrefix, r.Reason, r.Source, r.Via, r.Near)).ToList();
        return new ExpandedQuery(root, rules, [.. run.Notes.Distinct(StringComparer.Ordinal)]) { Lookups = [.. run.Lookups] };
    }

    /// <summary>One expansion: the rules and notes gathered in query order.</summary>
    private sealed class Run(QueryExpander owner)
    {
        public List<MatchRule> Rules { get; } = [];

        public List<string> Notes { get; } = [];

        // Each expansion's lookups once (a term written many times is expanded once): compared as references.
        public HashSet<object> Lookups { get; } = new(ReferenceEqualityComparer.Instance);

        // A term written many times (a~2 a~2 …) is looked up in the index once.
        private readonly Dictionary<(string Term, int Edits), TermExpansion> _expanded = [];

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
            if (field is not null)
            {
                alternatives = [.. alternatives.Select(rule => rule with { Field = field })];
            }

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

            var analyzer = owner._analyzer;
            var alternatives = new List<MatchRule> { MatchRule.ByStems(analyzer, t.Text, tokens, "term", t.Text) };
            if (owner._useAliases && !t.NoAlias && owner._aliases.Find(tokens) is { } match)
            {
                alternatives.AddRange(match.Others.Select(other => MatchRule.ByStems(analyzer, other.Text, analyzer.Tokenize(other.Text), "alias", t.Text, other.Text)));
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

        private ExpandedQuery.Node Wildcard(WildcardQuery w, bool positive) =>
            Expansion(w.Field, w.Pattern, "wildcard", Lookup(Analyzer.FoldCharacters(w.Pattern), -1, static (o, pattern, _) => o._wildcard(pattern, o._maxExpansions)), positive);

        private TermExpansion Lookup(string term, int edits, Func<QueryExpander, string, int, TermExpansion> find)
        {
            if (!_expanded.TryGetValue((term, edits), out var found))
            {
                found = find(owner, term, edits);
                _expanded[(term, edits)] = found;
            }

            return found;
        }

        private ExpandedQuery.Node Fuzzy(FuzzyQuery f, bool positive)
        {
            var tokens = owner._analyzer.Tokenize(f.Text);
            if (tokens.Count != 1)
            {
                Notes.Add($"fuzzy '{f.Text}~' needs exactly one word");
                return tokens.Count == 0 ? new ExpandedQuery.Empty() : Term(new TermQuery(f.Field, f.Text, NoAlias: true), positive);
            }

            var source = f.Text + "~" + f.MaxEdits.ToString(CultureInfo.InvariantCulture);
            return Expansion(f.Field, source, "fuzzy", Lookup(tokens[0].Term, f.MaxEdits, static (o, term, edits) => o._fuzzy(term, edits, o._maxExpansions)), positive);
        }

        private ExpandedQuery.Node Expansion(QueryField? field, string source, string reason, TermExpansion found, bool positive)
        {
            if (found.Count == 0)
            {
                Notes.Add($"{source} matches no indexed word");
                return new ExpandedQuery.Nothing();
            }

            if (found.Count > found.Top.Count)
            {
                Notes.Add($"{source} matches {found.Count} words; searching the {found.Top.Count} most frequent");
            }

            if (found.Lookups is not null)
            {
                Lookups.Add(found.Lookups);
            }

            var chosen = found.Top.Select(f => new MatchRule([f.Term], ByStem: false, LastIsPrefix: false, reason, source, f.Term)).ToList();
            return Leaf(field, chosen, positive);
        }
    }
}
