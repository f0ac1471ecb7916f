using Archive.Core.Metadata;

namespace Archive.Core.Search;

/// <summary>
/// Structured conditions on a capture's metadata, AND-ed with the query. They never become query text, so no
/// character in a value has a meaning.
/// </summary>
public sealed record SearchFilters
{
    /// <summary>No conditions.</summary>
    public static SearchFilters None { get; } = new();

    /// <summary>The publisher is exactly one of these (ignoring case), as a publisher facet names it; empty for any.</summary>
    public IReadOnlyList<string> Publishers { get; init; } = [];

    /// <summary>The source type is one of these (ignoring case); empty for any.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>The language is one of these or a subtag of one (<c>ar</c> matches <c>ar-SY</c>); empty for any.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The capture has every one of these tags; empty for any.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Published on or after the first day of this date, or null for no lower bound. A capture published to the
    /// month or year passes when any day of its month or year does.
    /// </summary>
    public PartialDate? PublishedFrom { get; init; }

    /// <summary>
    /// Published on or before the last day of this date, or null for no upper bound. A capture published to the
    /// month or year passes when any day of its month or year does.
    /// </summary>
    public PartialDate? PublishedTo { get; init; }

    /// <summary>
    /// Facets whose "unknown" bucket is ticked: a capture with no value for one of these passes that facet's filter
    /// too (with no value of the facet ticked, only such captures pass). Published: no published date.
    /// </summary>
    public IReadOnlyList<FacetName> Unknown { get; init; } = [];

    /// <summary>True when there is no condition.</summary>
    public bool IsEmpty =>
        Publishers.Count == 0 && Types.Count == 0 && Languages.Count == 0 && Tags.Count == 0
        && PublishedFrom is null && PublishedTo is null && Unknown.Count == 0;

    /// <summary>Whether captures with no value for <paramref name="facet"/> pass.</summary>
    public bool AllowsUnknown(FacetName facet) => Unknown.Contains(facet);

    /// <summary>
    /// The filters as query clauses (<c>publisher:"…"</c>, <c>type:</c>, <c>lang:</c>, <c>tag:</c>,
    /// <c>published:[from TO to]</c>), only to show a researcher how the search was understood. They are never
    /// parsed or run: the backend applies the filters themselves.
    /// </summary>
    internal IReadOnlyList<Query> Clauses()
    {
        var clauses = new List<Query>();
        AnyOf(QueryField.Publisher, Publishers, FacetName.Publisher);
        AnyOf(QueryField.Type, Types, FacetName.Type);
        AnyOf(QueryField.Lang, Languages, FacetName.Language);
        clauses.AddRange(Tags.Select(t => new PhraseQuery(QueryField.Tag, t)));
        var range = PublishedFrom is not null || PublishedTo is not null ? new RangeQuery(QueryField.Published, PublishedFrom, PublishedTo) : null;
        Add([.. range is null ? [] : new Query[] { range }], QueryField.Published, FacetName.Published);
        return clauses;

        void AnyOf(QueryField field, IReadOnlyList<string> values, FacetName facet) =>
            Add([.. values.Select(v => (Query)new PhraseQuery(field, v))], field, facet);

        // Any of the values, or (with its unknown bucket ticked) no value at all: shown as "*:* -field:*".
        void Add(List<Query> any, QueryField field, FacetName facet)
        {
            if (AllowsUnknown(facet))
            {
                any.Add(new BooleanQuery([new BooleanClause(Occur.Must, new MatchAllQuery()), new BooleanClause(Occur.MustNot, new WildcardQuery(field, "*"))]));
            }

            if (any.Count == 1)
            {
                clauses.Add(any[0]);
            }
            else if (any.Count > 1)
            {
                clauses.Add(new BooleanQuery([.. any.Select(q => new BooleanClause(Occur.Should, q))]));
            }
        }
    }

    /// <summary>How many values are given (publisher, types, languages and tags), to hold a host's limit.</summary>
    public int ValueCount => Publishers.Count + Types.Count + Languages.Count + Tags.Count + Unknown.Count;
}
