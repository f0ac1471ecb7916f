using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Compiles the engine-neutral query AST to SQLite: full-text leaves become FTS5 expressions over the stemmed
/// or exact columns, metadata fields and date ranges become SQL over the capture row. Pure full-text subtrees
/// stay one FTS5 expression, so BM25 ranks them; mixed subtrees fall back to <c>rowid IN (… MATCH …)</c>.
/// All FTS5-specific syntax lives here, behind the AST.
/// </summary>
internal sealed class FtsCompiler
{
    /// <summary>At most this many vocabulary terms stand in for one wildcard or fuzzy term.</summary>
    public const int MaxExpansions = 64;


    private readonly Analyzer _analyzer;
    private readonly AliasTable _aliases;
    private readonly bool _useAliases;
    private readonly Func<(string[] Terms, int[] Docs)> _vocabulary;
    private readonly Dictionary<string, object> _parameters = new(StringComparer.Ordinal);
    private readonly List<MatchRule> _rules = [];
    private readonly List<string> _rankLeaves = [];
    private readonly List<string> _notes = [];

    public FtsCompiler(Analyzer analyzer, AliasTable aliases, bool useAliases, Func<(string[] Terms, int[] Docs)> vocabulary)
    {
        _analyzer = analyzer;
        _aliases = aliases;
        _useAliases = useAliases;
        _vocabulary = vocabulary;
    }

    private abstract record Part;

    private sealed record FtsPart(string Expr) : Part;

    private sealed record SqlPart(string Sql) : Part;

    private sealed record NonePart : Part;

    /// <summary>A clause with no searchable words (only emoji or punctuation): left out, as Lucene does.</summary>
    private sealed record EmptyPart : Part;

    private sealed record AllPart : Part;

    public CompiledQuery Compile(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? drive = null;
        string where;
        if (query is BooleanQuery boolean && boolean.Clauses.Any(c => c.Occur == Occur.Must))
        {
            // Required full-text clauses drive the search (and its ranking); the rest filters their rows.
            var parts = boolean.Clauses.Select(c => (c.Occur, Part: CompileNode(c.Query, c.Occur != Occur.MustNot))).ToList();
            var driving = parts.Where(p => p.Occur == Occur.Must && p.Part is FtsPart).Select(p => ((FtsPart)p.Part).Expr).ToList();
            if (driving.Count > 0)
            {
                drive = string.Join(" AND ", driving.Select(Group));
                var rest = parts.Where(p => !(p.Occur == Occur.Must && p.Part is FtsPart) && p.Part is not EmptyPart).ToList();
                where = rest.Count == 0 ? "1" : ToSql(CombineBoolean(rest, hasMust: true));
            }
            else
            {
                where = ToSql(CombineBoolean(parts, hasMust: true));
            }
        }
        else
        {
            var part = CompileNode(query, positive: true);
            if (part is FtsPart fts)
            {
                drive = fts.Expr;
                where = "1";
            }
            else
            {
                where = ToSql(part);
            }
        }

        var rank = drive ?? (_rankLeaves.Count > 0 ? string.Join(" OR ", _rankLeaves.Distinct(StringComparer.Ordinal).Select(Group)) : null);
        return new CompiledQuery(drive, rank, where, _parameters, _rules, _notes);
    }

    private Part CompileNode(Query query, bool positive) => query switch
    {
        BooleanQuery b => CombineBoolean(b.Clauses.Select(c => (c.Occur, Part: CompileNode(c.Query, positive && c.Occur != Occur.MustNot))).ToList(), b.Clauses.Any(c => c.Occur == Occur.Must)),
        MatchAllQuery => new AllPart(),
        TermQuery t when IsText(t.Field) => Leaf(TermExpr(t, positive), positive),
        PhraseQuery p when IsText(p.Field) => Leaf(PhraseExpr(p, positive), positive),
        PrefixQuery p when IsText(p.Field) => Leaf(PrefixExpr(p, positive), positive),
        WildcardQuery w when IsText(w.Field) => Leaf(WildcardExpr(w, positive), positive),
        FuzzyQuery f when IsText(f.Field) => Leaf(FuzzyExpr(f, positive), positive),
        RangeQuery r => new SqlPart(RangeSql(r)),
        TermQuery t => new SqlPart(FieldSql(t.Field!.Value, t.Text, prefix: false)),
        PhraseQuery p => new SqlPart(FieldSql(p.Field!.Value, p.Text, prefix: false)),
        PrefixQuery p => new SqlPart(FieldSql(p.Field!.Value, p.Prefix, prefix: true)),
        WildcardQuery w => new SqlPart(FieldLike(w.Field!.Value, w.Pattern)),
        FuzzyQuery f => new SqlPart(FieldSql(f.Field!.Value, f.Text, prefix: false)),
        _ => throw new NotSupportedException($"query node {query.GetType().Name} has no SQLite form"),
    };

    private Part Leaf(string? expr, bool positive)
    {
        if (expr is null)
        {
            return new NonePart();
        }

        if (expr.Length == 0)
        {
            return new EmptyPart();
        }

        if (positive)
        {
            _rankLeaves.Add(expr);
        }

        return new FtsPart(expr);
    }

    private Part CombineBoolean(List<(Occur Occur, Part Part)> parts, bool hasMust)
    {
        if (parts.Count > 0 && parts.All(p => p.Part is EmptyPart))
        {
            return new EmptyPart();
        }

        parts = parts.Where(p => p.Part is not EmptyPart).ToList();
        hasMust = hasMust && parts.Any(p => p.Occur == Occur.Must);
        var must = parts.Where(p => p.Occur == Occur.Must).Select(p => p.Part).ToList();
        var should = parts.Where(p => p.Occur == Occur.Should).Select(p => p.Part).ToList();
        var not = parts.Where(p => p.Occur == Occur.MustNot).Select(p => p.Part).Where(p => p is not NonePart).ToList();
        if (!hasMust && should.Count > 0 && should.All(p => p is NonePart))
        {
            return new NonePart();
        }

        if (must.Any(p => p is NonePart) || not.Any(p => p is AllPart))
        {
            return new NonePart();
        }

        // Lucene semantics: with required clauses, optional ones only rank; without, at least one must match.
        var positives = hasMust ? must.Where(p => p is not AllPart).ToList() : should.Where(p => p is not NonePart).ToList();
        var matchAll = hasMust ? positives.Count == 0 : should.Any(p => p is AllPart);
        if (!matchAll && positives.Count > 0 && positives.All(p => p is FtsPart) && not.All(p => p is FtsPart))
        {
            var core = string.Join(hasMust ? " AND " : " OR ", positives.Select(p => Group(((FtsPart)p).Expr)));
            return not.Count == 0 ? new FtsPart(core) : new FtsPart($"({core}) NOT ({string.Join(" OR ", not.Select(p => Group(((FtsPart)p).Expr)))})");
        }

        var sql = matchAll || positives.Count == 0 ? "1" : "(" + string.Join(hasMust ? " AND " : " OR ", positives.Select(ToSql)) + ")";
        if (not.Count > 0)
        {
            // coalesce: a metadata condition on a missing field is NULL, and NOT NULL would drop the row too.
            sql = $"({sql} AND NOT coalesce({string.Join(" OR ", not.Select(ToSql))}, 0))";
        }

        return new SqlPart(sql);
    }

    private string ToSql(Part part) => part switch
    {
        FtsPart f => $"c.rowid IN (SELECT rowid FROM {SearchIndex.Table} WHERE {SearchIndex.Table} MATCH {Parameter(f.Expr)})",
        SqlPart s => s.Sql,
        NonePart or EmptyPart => "0",
        _ => "1",
    };

    private static bool IsText(QueryField? field) => field is null or QueryField.Title or QueryField.Text;

    private static string Columns(QueryField? field, bool stem) => (field, stem) switch
    {
        (QueryField.Title, true) => "{title_stem}",
        (QueryField.Text, true) => "{body_stem}",
        (_, true) => "{title_stem body_stem}",
        (QueryField.Title, false) => "{title_exact}",
        (QueryField.Text, false) => "{body_exact}",
        _ => "{title_exact body_exact}",
    };

    private static string Quote(IEnumerable<string> terms) => "\"" + string.Join(' ', terms).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Group(string expr) => expr.Contains(' ', StringComparison.Ordinal) && !(expr.StartsWith('(') && expr.EndsWith(')')) ? "(" + expr + ")" : expr;

    private string? TermExpr(TermQuery t, bool positive)
    {
        var tokens = _analyzer.Tokenize(t.Text);
        if (tokens.Count == 0)
        {
            _notes.Add($"'{t.Text}' has no searchable words");
            return string.Empty;
        }

        var stems = tokens.Select(k => k.Stem).ToList();
        var alternatives = new List<string> { Columns(t.Field, stem: true) + " : " + Quote(stems) };
        if (positive)
        {
            _rules.Add(new MatchRule(stems, ByStem: true, LastIsPrefix: false, "term", t.Text));
        }

        if (_useAliases && !t.NoAlias && _aliases.Find(tokens) is { } match)
        {
            foreach (var other in match.Others)
            {
                alternatives.Add(Columns(t.Field, stem: true) + " : " + Quote(other.StemTerms));
                if (positive)
                {
                    _rules.Add(new MatchRule(other.StemTerms, ByStem: true, LastIsPrefix: false, "alias", t.Text, other.Text));
                }
            }
        }

        return alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")";
    }

    private string? PhraseExpr(PhraseQuery p, bool positive)
    {
        var tokens = _analyzer.Tokenize(p.Text);
        if (tokens.Count == 0)
        {
            _notes.Add($"\"{p.Text}\" has no searchable words");
            return string.Empty;
        }

        var exact = tokens.Select(k => k.Term).ToList();
        var columns = Columns(p.Field, stem: false);
        var alternatives = new List<string>
        {
            p.Slop > 0 && exact.Count > 1
                ? $"{columns} : NEAR({string.Join(' ', exact.Select(e => Quote([e])))}, {p.Slop.ToString(CultureInfo.InvariantCulture)})"
                : columns + " : " + Quote(exact),
        };
        if (positive)
        {
            var near = p.Slop > 0 && exact.Count > 1 ? p.Slop : 0;
            _rules.Add(new MatchRule(exact, ByStem: false, LastIsPrefix: false, exact.Count > 1 ? "phrase" : "term", p.Text, Near: near));
        }

        if (_useAliases && !p.NoAlias && _aliases.Find(tokens) is { } match && match.Entry.Exact == string.Join(' ', exact))
        {
            foreach (var other in match.Others)
            {
                alternatives.Add(columns + " : " + Quote(other.ExactTerms));
                if (positive)
                {
                    _rules.Add(new MatchRule(other.ExactTerms, ByStem: false, LastIsPrefix: false, "alias", p.Text, other.Text));
                }
            }
        }

        return alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")";
    }

    private string? PrefixExpr(PrefixQuery p, bool positive)
    {
        var tokens = _analyzer.Tokenize(p.Prefix);
        if (tokens.Count == 0)
        {
            return string.Empty;
        }

        var exact = tokens.Select(k => k.Term).ToList();
        if (positive)
        {
            _rules.Add(new MatchRule(exact, ByStem: false, LastIsPrefix: true, "prefix", p.Prefix + "*"));
        }

        return Columns(p.Field, stem: false) + " : " + Quote(exact) + " *";
    }

    private string? WildcardExpr(WildcardQuery w, bool positive)
    {
        var pattern = Analyzer.FoldCharacters(w.Pattern);
        var literal = Analyzer.FoldCharacters(w.LiteralPrefix);
        var (terms, docs) = _vocabulary();
        var start = LowerBound(terms, literal);
        var found = new List<(string Term, int Docs)>();
        for (var i = start; i < terms.Length && terms[i].StartsWith(literal, StringComparison.Ordinal); i++)
        {
            if (WildcardMatcher.IsMatch(pattern, terms[i]))
            {
                found.Add((terms[i], docs[i]));
            }
        }

        return Expansion(w.Field, w.Pattern, "wildcard", found, positive);
    }

    private string? FuzzyExpr(FuzzyQuery f, bool positive)
    {
        var tokens = _analyzer.Tokenize(f.Text);
        if (tokens.Count != 1)
        {
            _notes.Add($"fuzzy '{f.Text}~' needs exactly one word");
            return tokens.Count == 0 ? string.Empty : TermExpr(new TermQuery(f.Field, f.Text, NoAlias: true), positive);
        }

        var target = tokens[0].Term;
        var (terms, docs) = _vocabulary();
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

    private string? Expansion(QueryField? field, string source, string reason, List<(string Term, int Docs)> found, bool positive)
    {
        if (found.Count == 0)
        {
            _notes.Add($"{source} matches no indexed word");
            return null;
        }

        if (found.Count > MaxExpansions)
        {
            _notes.Add($"{source} matches {found.Count} words; searching the {MaxExpansions} most frequent");
        }

        var chosen = found.OrderByDescending(f => f.Docs).ThenBy(f => f.Term, StringComparer.Ordinal).Take(MaxExpansions).Select(f => f.Term).ToList();
        if (positive)
        {
            foreach (var term in chosen)
            {
                _rules.Add(new MatchRule([term], ByStem: false, LastIsPrefix: false, reason, source, term));
            }
        }

        var columns = Columns(field, stem: false);
        return chosen.Count == 1 ? columns + " : " + Quote(chosen) : "(" + string.Join(" OR ", chosen.Select(t => columns + " : " + Quote([t]))) + ")";
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

    private string FieldSql(QueryField field, string value, bool prefix)
    {
        var v = value.Trim();
        switch (field)
        {
            case QueryField.Type:
                return $"c.source_type = lower({Parameter(v)})";
            case QueryField.Lang:
                var lang = Parameter(v.ToLowerInvariant());
                return $"(c.language = {lang} OR c.language LIKE {lang} || '-%')";
            case QueryField.Tag:
                return prefix
                    ? $"c.tags LIKE '%' || char(10) || {Parameter(EscapeLike(v.ToLowerInvariant()))} || '%' ESCAPE '\\'"
                    : $"c.tags LIKE '%' || char(10) || {Parameter(EscapeLike(v.ToLowerInvariant()))} || char(10) || '%' ESCAPE '\\'";
            case QueryField.Id:
                var hex = v.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? v[7..] : v;
                return $"(c.id LIKE 'sha256:' || {Parameter(EscapeLike(hex.ToLowerInvariant()))} || '%' ESCAPE '\\' OR c.source_id IN (SELECT id FROM sources WHERE slug = {Parameter(v.ToLowerInvariant())}))";
            case QueryField.Publisher:
                return $"c.publisher LIKE {Parameter((prefix ? string.Empty : "%") + EscapeLike(v) + "%")} ESCAPE '\\'";
            case QueryField.Author:
                return $"c.authors LIKE {Parameter("%" + EscapeLike(v) + "%")} ESCAPE '\\'";
            default:
                throw new NotSupportedException($"field {field} is not a metadata field");
        }
    }

    private string FieldLike(QueryField field, string pattern)
    {
        var like = new StringBuilder();
        foreach (var ch in pattern)
        {
            like.Append(ch switch { '*' => "%", '?' => "_", '%' => "\\%", '_' => "\\_", '\\' => "\\\\", _ => ch.ToString() });
        }

        var column = field switch
        {
            QueryField.Publisher => "c.publisher",
            QueryField.Author => "c.authors",
            QueryField.Type => "c.source_type",
            QueryField.Lang => "c.language",
            QueryField.Tag => "c.tags",
            _ => "c.id",
        };
        var wrapped = field is QueryField.Publisher or QueryField.Author or QueryField.Tag ? "%" + like + "%" : like.ToString();
        return $"{column} LIKE {Parameter(wrapped)} ESCAPE '\\'";
    }

    private string RangeSql(RangeQuery r)
    {
        if (r.IsEmpty)
        {
            return "0";
        }

        // Partial dates (2026, 2026-01) compare by their first day.
        var column = r.Field == QueryField.Captured ? "c.captured_at" : "c.published";
        var day = $"(CASE length({column}) WHEN 4 THEN {column} || '-01-01' WHEN 7 THEN {column} || '-01' ELSE substr({column}, 1, 10) END)";
        var conditions = new List<string> { $"{column} IS NOT NULL" };
        if (r.FirstDay is { } first)
        {
            conditions.Add($"{day} >= {Parameter(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}");
        }

        if (r.LastDay is { } last)
        {
            conditions.Add($"{day} <= {Parameter(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}");
        }

        return "(" + string.Join(" AND ", conditions) + ")";
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private string Parameter(object value)
    {
        var name = "$p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters[name] = value;
        return name;
    }
}
