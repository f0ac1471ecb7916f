using System.Globalization;
using System.Runtime.CompilerServices;
using Archive.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search.Spans;
using L = Lucene.Net.Search;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Compiles an <see cref="ExpandedQuery"/> and the <see cref="SearchFilters"/> to Lucene.Net <see cref="L.Query"/>
/// objects (never through Lucene's own query parser, which must not see user input). A full-text alternative by stem
/// becomes one clause per <see cref="LanguageChain"/> over that chain's stemmed fields, so each capture is matched
/// with its own language's stems; exact alternatives, phrases, prefixes and expansions go to the exact fields.
/// Metadata leaves and filters become keyword, phrase and numeric range queries. With required clauses, optional ones
/// only rank; a clause list with nothing positive matches every capture but the excluded ones.
/// </summary>
internal sealed class LuceneQueryBuilder(IndexReader reader, Analyzer analyzer, int maxExpansions)
{
    /// <summary>The chains of each open reader, found once per reader rather than once per query (it walks every segment).</summary>
    private static readonly ConditionalWeakTable<IndexReader, LanguageChain[]> ChainsByReader = [];

    /// <summary>The chains some capture in the index was stemmed with: a clause on another chain's field could match nothing.</summary>
    private readonly LanguageChain[] _chains = ChainsByReader.GetValue(reader, IndexedChains);

    /// <summary>The places of expanded words the expansion found on this reader (<see cref="PreparedTerms"/>), so that they are not sought again.</summary>
    public PreparedTerms? Prepared { get; init; }

    static LuceneQueryBuilder()
    {
        // A leaf over every chain and both parts is 2 × 9 clauses; the parser's own limits bound the query.
        L.BooleanQuery.MaxClauseCount = 1 << 20;
    }

    /// <param name="also">Captures (by id) that match besides the query's matches, ranking none: those close in meaning.</param>
    /// <param name="words">False to match only <paramref name="also"/> (a search by meaning alone).</param>
    public L.Query Build(ExpandedQuery query, SearchFilters filters, IEnumerable<string>? also = null, bool words = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filters);
        var root = words ? Node(query.Root) ?? Nothing() : Nothing();
        if (also is not null)
        {
            var ids = new L.BooleanQuery();
            foreach (var id in also)
            {
                ids.Add(new L.TermQuery(new Term(IndexFields.Id, id)), L.Occur.SHOULD);
            }

            root = new L.BooleanQuery { { root, L.Occur.SHOULD }, { new L.ConstantScoreQuery(ids) { Boost = 0 }, L.Occur.SHOULD } };
        }

        var all = new L.BooleanQuery { { root, L.Occur.MUST }, { new L.TermQuery(new Term(IndexFields.Withdrawn, "1")), L.Occur.MUST_NOT } };
        foreach (var filter in Filters(filters))
        {
            all.Add(new L.ConstantScoreQuery(filter) { Boost = 0 }, L.Occur.MUST);
        }

        return all;
    }

    private static L.BooleanQuery Nothing() => [];

    private static LanguageChain[] IndexedChains(IndexReader reader)
    {
        var fields = MultiFields.GetMergedFieldInfos(reader).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return [.. LanguageChain.All.Where(c => fields.Contains(IndexFields.TextStem(c)) || fields.Contains(IndexFields.TitleStem(c)))];
    }

    /// <summary>Every capture, ranking none (score 0, as when nothing ranks).</summary>
    private static L.ConstantScoreQuery Everything() => new(new L.MatchAllDocsQuery()) { Boost = 0 };

    /// <summary>The query for a node, or null for a clause with no searchable words (left out, as Lucene does).</summary>
    private L.Query? Node(ExpandedQuery.Node node) => node switch
    {
        ExpandedQuery.Boolean b => Boolean(b),
        ExpandedQuery.All => Everything(),
        ExpandedQuery.Nothing => Nothing(),
        ExpandedQuery.Empty => null,
        ExpandedQuery.Text t => Text(t),
        ExpandedQuery.Field f => new L.ConstantScoreQuery(Field(f.Leaf)) { Boost = 0 }, // metadata selects, never ranks
        _ => throw new NotSupportedException($"expanded node {node.GetType().Name} has no Lucene form"),
    };

    private L.BooleanQuery? Boolean(ExpandedQuery.Boolean boolean)
    {
        var clauses = boolean.Clauses.Select(c => (c.Occur, Query: Node(c.Node))).Where(c => c.Query is not null).ToList();
        if (clauses.Count == 0)
        {
            return boolean.Clauses.Count == 0 ? Nothing() : null;
        }

        var result = new L.BooleanQuery();
        foreach (var (occur, query) in clauses)
        {
            result.Add(query, occur switch { Occur.Must => L.Occur.MUST, Occur.MustNot => L.Occur.MUST_NOT, _ => L.Occur.SHOULD });
        }

        if (clauses.All(c => c.Occur == Occur.MustNot))
        {
            result.Add(Everything(), L.Occur.MUST);
        }

        return result;
    }

    private L.BooleanQuery Text(ExpandedQuery.Text text)
    {
        var parts = text.Field switch
        {
            QueryField.Title => new[] { Part.Title },
            QueryField.Text => [Part.Text],
            _ => [Part.Title, Part.Text],
        };
        var any = new L.BooleanQuery();
        foreach (var rule in text.Alternatives)
        {
            if (rule.ByStem)
            {
                foreach (var chain in _chains)
                {
                    AddParts(any, parts, part => Sequence(part == Part.Title ? IndexFields.TitleStem(chain) : IndexFields.TextStem(chain), rule.TermsFor(chain), rule));
                }
            }
            else
            {
                AddParts(any, parts, part => Sequence(part == Part.Title ? IndexFields.TitleExact : IndexFields.TextExact, rule.Terms, rule));
            }
        }

        return any;
    }

    /// <summary>How much a title match adds to a text match: most texts begin with their title, so a full weight would count a title word twice.</summary>
    private const float TitleWeight = 0.1f;

    /// <summary>
    /// Adds one part's query to the alternatives, or for both parts the text's and the title's at a tenth of its weight
    /// (see <see cref="TitleWeight"/>), each an alternative of its own: the score is the same sum (the similarity
    /// weighs neither by how many clauses match nor by a query norm), and one flat disjunction of a fuzzy term's 64
    /// words in two fields scores faster than 64 nested ones.
    /// </summary>
    private static void AddParts(L.BooleanQuery any, Part[] parts, Func<Part, L.Query> query)
    {
        if (parts.Length == 1)
        {
            any.Add(query(parts[0]), L.Occur.SHOULD);
            return;
        }

        var title = query(Part.Title);
        title.Boost = TitleWeight;
        any.Add(query(Part.Text), L.Occur.SHOULD);
        any.Add(title, L.Occur.SHOULD);
    }

    private enum Part
    {
        Title,
        Text,
    }

    /// <summary>One term, a phrase, a proximity phrase, or a phrase whose last word is a prefix, over one field.</summary>
    private L.Query Sequence(string field, IReadOnlyList<string> terms, MatchRule rule)
    {
        if (rule.Near > 0 && terms.Count > 1)
        {
            return new SpanNearQuery([.. terms.Select(t => (SpanQuery)new SpanTermQuery(new Term(field, t)))], rule.Near, false);
        }

        if (rule.LastIsPrefix)
        {
            if (terms.Count == 1)
            {
                return new L.PrefixQuery(new Term(field, terms[0]));
            }

            var phrase = new L.MultiPhraseQuery();
            foreach (var term in terms.Take(terms.Count - 1))
            {
                phrase.Add(new Term(field, term));
            }

            var completions = Completions(field, terms[^1]);
            if (completions.Length == 0)
            {
                return Nothing();
            }

            phrase.Add(completions);
            return phrase;
        }

        if (terms.Count == 1)
        {
            return Single(field, terms[0]);
        }

        var exact = new L.PhraseQuery();
        foreach (var term in terms)
        {
            exact.Add(new Term(field, term));
        }

        return exact;
    }

    /// <summary>One word, with its places in the segments when an expansion on this reader found them.</summary>
    private L.TermQuery Single(string field, string text)
    {
        var term = new Term(field, text);
        return Prepared?.Find(reader.Context, field, text) is { } context ? new L.TermQuery(term, context) : new L.TermQuery(term);
    }

    /// <summary>The most frequent indexed words of a field that start with a prefix, for a phrase ending in one.</summary>
    private Term[] Completions(string field, string prefix)
    {
        var terms = MultiFields.GetTerms(reader, field);
        if (terms is null)
        {
            return [];
        }

        var found = new List<(string Term, int Docs)>();
        var iterator = terms.GetEnumerator();
        var start = new Lucene.Net.Util.BytesRef(prefix);
        if (iterator.SeekCeil(start) == TermsEnum.SeekStatus.END)
        {
            return [];
        }

        do
        {
            var term = iterator.Term.Utf8ToString();
            if (!term.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            found.Add((term, iterator.DocFreq));
        }
        while (iterator.MoveNext());

        return [.. found.OrderByDescending(f => f.Docs).ThenBy(f => f.Term, StringComparer.Ordinal).Take(maxExpansions).Select(f => new Term(field, f.Term))];
    }

    private L.Query Field(Query leaf) => leaf switch
    {
        RangeQuery r => Range(r),
        TermQuery t => Keyword(t.Field!.Value, t.Text),
        PhraseQuery p => Keyword(p.Field!.Value, p.Text),
        FuzzyQuery f => Keyword(f.Field!.Value, f.Text),
        PrefixQuery p => Prefix(p.Field!.Value, p.Prefix),
        WildcardQuery w => Wildcard(w.Field!.Value, w.Pattern),
        _ => throw new NotSupportedException($"field query {leaf.GetType().Name} has no Lucene form"),
    };

    /// <summary>A metadata value: words in order for publisher and author, the whole value for the others.</summary>
    private L.Query Keyword(QueryField field, string value)
    {
        var v = value.Trim();
        switch (field)
        {
            case QueryField.Publisher:
                return Words(IndexFields.PublisherWords, v);
            case QueryField.Author:
                return Words(IndexFields.AuthorWords, v);
            case QueryField.Type:
                return new L.TermQuery(new Term(IndexFields.Type, v.ToLowerInvariant()));
            case QueryField.Lang:
                return new L.TermQuery(new Term(IndexFields.Lang, v.ToLowerInvariant()));
            case QueryField.Tag:
                return new L.TermQuery(new Term(IndexFields.Tag, v.ToLowerInvariant()));
            case QueryField.Id:
                var hex = v.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? v[7..] : v;
                return new L.BooleanQuery
                {
                    { new L.PrefixQuery(new Term(IndexFields.IdHex, hex.ToLowerInvariant())), L.Occur.SHOULD },
                    { new L.TermQuery(new Term(IndexFields.Slug, v.ToLowerInvariant())), L.Occur.SHOULD },
                };
            default:
                throw new NotSupportedException($"field {field} is not a metadata field");
        }
    }

    /// <summary>The words of <paramref name="value"/> in order, analyzed like text (no stemming).</summary>
    private L.Query Words(string field, string value)
    {
        var tokens = analyzer.Tokenize(value);
        if (tokens.Count == 0)
        {
            return Nothing();
        }

        if (tokens.Count == 1)
        {
            return new L.TermQuery(new Term(field, tokens[0].Term));
        }

        var phrase = new L.PhraseQuery();
        foreach (var token in tokens)
        {
            phrase.Add(new Term(field, token.Term));
        }

        return phrase;
    }

    private static L.PrefixQuery Prefix(QueryField field, string prefix)
    {
        var value = prefix.Trim().ToLowerInvariant();
        return field switch
        {
            QueryField.Publisher => new L.PrefixQuery(new Term(IndexFields.PublisherLower, value)),
            QueryField.Author => new L.PrefixQuery(new Term(IndexFields.AuthorLower, value)),
            QueryField.Type => new L.PrefixQuery(new Term(IndexFields.Type, value)),
            QueryField.Lang => new L.PrefixQuery(new Term(IndexFields.Lang, value)),
            QueryField.Tag => new L.PrefixQuery(new Term(IndexFields.Tag, value)),
            _ => new L.PrefixQuery(new Term(IndexFields.IdHex, value.StartsWith("sha256:", StringComparison.Ordinal) ? value[7..] : value)),
        };
    }

    /// <summary>A wildcard on a metadata value; for publisher and author anywhere in it, as a "contains" would.</summary>
    private static L.WildcardQuery Wildcard(QueryField field, string pattern)
    {
        var value = pattern.Trim().ToLowerInvariant();
        return field switch
        {
            QueryField.Publisher => new L.WildcardQuery(new Term(IndexFields.PublisherLower, "*" + value + "*")),
            QueryField.Author => new L.WildcardQuery(new Term(IndexFields.AuthorLower, "*" + value + "*")),
            QueryField.Type => new L.WildcardQuery(new Term(IndexFields.Type, value)),
            QueryField.Lang => new L.WildcardQuery(new Term(IndexFields.Lang, value)),
            QueryField.Tag => new L.WildcardQuery(new Term(IndexFields.Tag, value)),
            _ => new L.WildcardQuery(new Term(IndexFields.Id, value)),
        };
    }

    /// <summary>
    /// A stored date matches when the days it covers overlap the range: a day when it is in it, a month (2026-01) or
    /// a year (2026) when any of its days is. The index holds each date's first day, so a month or year that starts
    /// in the range is found by that; one that starts before the range overlaps it only by holding the range's first
    /// day, and is found by its stored value: the month and the year of that day.
    /// </summary>
    private static L.Query Range(RangeQuery range)
    {
        if (range.IsEmpty)
        {
            return Nothing();
        }

        var field = range.Field == QueryField.Captured ? IndexFields.CapturedDay : IndexFields.PublishedDay;
        int? Day(DateOnly? day) => day is { } d ? (d.Year * 10000) + (d.Month * 100) + d.Day : null;
        var startsInRange = L.NumericRangeQuery.NewInt32Range(field, Day(range.FirstDay) ?? int.MinValue, Day(range.LastDay) ?? int.MaxValue, true, true);

        // Captured dates are whole days or times (captured_at takes nothing coarser); only published dates can be partial.
        if (range.Field != QueryField.Published || range.FirstDay is not { } first)
        {
            return startsInRange;
        }

        var holdsFirstDay = new L.FieldCacheTermsFilter(
            IndexFields.Published,
            first.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            first.Year.ToString("D4", CultureInfo.InvariantCulture));
        return new L.ConstantScoreQuery(new L.BooleanQuery
        {
            { startsInRange, L.Occur.SHOULD },
            { new L.ConstantScoreQuery(holdsFirstDay), L.Occur.SHOULD },
        });
    }

    private static IEnumerable<L.Query> Filters(SearchFilters filters)
    {
        if (Either(filters.Publishers.Select(p => Term(IndexFields.PublisherLower, p)), filters, FacetName.Publisher, IndexFields.Publisher) is { } publisher)
        {
            yield return publisher;
        }

        if (Either(filters.Types.Select(t => Term(IndexFields.Type, t)), filters, FacetName.Type, IndexFields.Type) is { } type)
        {
            yield return type;
        }

        if (Either(filters.Languages.Select(l => Term(IndexFields.Lang, l)), filters, FacetName.Language, IndexFields.Language) is { } language)
        {
            yield return language;
        }

        foreach (var tag in filters.Tags)
        {
            yield return Term(IndexFields.Tag, tag);
        }

        var range = filters.PublishedFrom is not null || filters.PublishedTo is not null
            ? Range(new RangeQuery(QueryField.Published, filters.PublishedFrom, filters.PublishedTo))
            : null;
        if (Either(range is null ? [] : [range], filters, FacetName.Published, IndexFields.Published) is { } published)
        {
            yield return published;
        }

        static L.Query Term(string field, string value) => new L.TermQuery(new Term(field, value.Trim().ToLowerInvariant()));
    }

    /// <summary>
    /// Any of the values, or, with the facet's unknown bucket ticked, a capture with no value: one that has no entry
    /// in the facet's doc values, the same test the facet counts its unknown bucket by. Null when neither is asked.
    /// </summary>
    private static L.BooleanQuery? Either(IEnumerable<L.Query> values, SearchFilters filters, FacetName facet, string docValuesField)
    {
        var any = new L.BooleanQuery();
        foreach (var value in values)
        {
            any.Add(value, L.Occur.SHOULD);
        }

        if (filters.AllowsUnknown(facet))
        {
            any.Add(new L.ConstantScoreQuery(new L.FieldValueFilter(docValuesField, negate: true)), L.Occur.SHOULD);
        }

        return any.Clauses.Count == 0 ? null : any;
    }
}
