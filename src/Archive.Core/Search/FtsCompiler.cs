using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Compiles an <see cref="ExpandedQuery"/> and the <see cref="SearchFilters"/> to SQLite: each full-text alternative
/// becomes an FTS5 expression over the stemmed or exact columns, metadata fields, date ranges and filters become SQL
/// over the capture row. Pure full-text subtrees stay one FTS5 expression, so BM25 ranks them; mixed subtrees fall
/// back to <c>rowid IN (… MATCH …)</c>. All FTS5-specific syntax lives here; what to search for was decided by the
/// <see cref="QueryExpander"/>.
/// </summary>
internal sealed class FtsCompiler
{
    private readonly Dictionary<string, object> _parameters = new(StringComparer.Ordinal);
    private readonly List<string> _rankLeaves = [];

    private abstract record Part;

    private sealed record FtsPart(string Expr) : Part;

    private sealed record SqlPart(string Sql) : Part;

    private sealed record NonePart : Part;

    /// <summary>A clause with no searchable words (only emoji or punctuation): left out, as Lucene does.</summary>
    private sealed record EmptyPart : Part;

    private sealed record AllPart : Part;

    public CompiledQuery Compile(ExpandedQuery query, SearchFilters filters)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filters);
        string? drive = null;
        string where;
        if (query.Root is ExpandedQuery.Boolean boolean && boolean.Clauses.Any(c => c.Occur == Occur.Must))
        {
            // Required full-text clauses drive the search (and its ranking); the rest filters their rows.
            var parts = boolean.Clauses.Select(c => (c.Occur, Part: CompileNode(c.Node))).ToList();
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
            var part = CompileNode(query.Root);
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
        var conditions = FilterSql(filters);
        if (conditions.Count > 0)
        {
            where = string.Join(" AND ", (where == "1" ? conditions : conditions.Prepend(where)).Select(c => "(" + c + ")"));
        }

        return new CompiledQuery(drive, rank, where, _parameters);
    }

    /// <summary>The filters as SQL over the capture row, with the same meaning as the query fields they correspond to.</summary>
    private List<string> FilterSql(SearchFilters filters)
    {
        var conditions = new List<string>();
        if (!string.IsNullOrWhiteSpace(filters.Publisher))
        {
            conditions.Add(FieldSql(QueryField.Publisher, filters.Publisher, prefix: false));
        }

        if (filters.Types.Count > 0)
        {
            conditions.Add(string.Join(" OR ", filters.Types.Select(t => FieldSql(QueryField.Type, t, prefix: false))));
        }

        if (filters.Languages.Count > 0)
        {
            conditions.Add(string.Join(" OR ", filters.Languages.Select(l => FieldSql(QueryField.Lang, l, prefix: false))));
        }

        conditions.AddRange(filters.Tags.Select(t => FieldSql(QueryField.Tag, t, prefix: false)));
        if (filters.PublishedFrom is not null || filters.PublishedTo is not null)
        {
            conditions.Add(RangeSql(new RangeQuery(QueryField.Published, filters.PublishedFrom, filters.PublishedTo)));
        }

        return conditions;
    }

    private Part CompileNode(ExpandedQuery.Node node) => node switch
    {
        ExpandedQuery.Boolean b => CombineBoolean(b.Clauses.Select(c => (c.Occur, Part: CompileNode(c.Node))).ToList(), b.Clauses.Any(c => c.Occur == Occur.Must)),
        ExpandedQuery.All => new AllPart(),
        ExpandedQuery.Nothing => new NonePart(),
        ExpandedQuery.Empty => new EmptyPart(),
        ExpandedQuery.Text t => Leaf(TextExpr(t), t.Positive),
        ExpandedQuery.Field { Leaf: RangeQuery r } => new SqlPart(RangeSql(r)),
        ExpandedQuery.Field { Leaf: TermQuery t } => new SqlPart(FieldSql(t.Field!.Value, t.Text, prefix: false)),
        ExpandedQuery.Field { Leaf: PhraseQuery p } => new SqlPart(FieldSql(p.Field!.Value, p.Text, prefix: false)),
        ExpandedQuery.Field { Leaf: PrefixQuery p } => new SqlPart(FieldSql(p.Field!.Value, p.Prefix, prefix: true)),
        ExpandedQuery.Field { Leaf: WildcardQuery w } => new SqlPart(FieldLike(w.Field!.Value, w.Pattern)),
        ExpandedQuery.Field { Leaf: FuzzyQuery f } => new SqlPart(FieldSql(f.Field!.Value, f.Text, prefix: false)),
        _ => throw new NotSupportedException($"expanded node {node.GetType().Name} has no SQLite form"),
    };

    private FtsPart Leaf(string expr, bool positive)
    {
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

    /// <summary>One FTS5 expression for a full-text leaf: its alternatives OR-ed, each over the columns its rule compares.</summary>
    private static string TextExpr(ExpandedQuery.Text text)
    {
        var alternatives = text.Alternatives.Select(rule =>
        {
            var columns = Columns(text.Field, rule.ByStem);
            return rule switch
            {
                { Near: > 0 } => $"{columns} : NEAR({string.Join(' ', rule.Terms.Select(e => Quote([e])))}, {rule.Near.ToString(CultureInfo.InvariantCulture)})",
                { LastIsPrefix: true } => columns + " : " + Quote(rule.Terms) + " *",
                _ => columns + " : " + Quote(rule.Terms),
            };
        }).ToList();
        return alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")";
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
