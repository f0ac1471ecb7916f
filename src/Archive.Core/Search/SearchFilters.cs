using Archive.Core.Metadata;

namespace Archive.Core.Search;

/// <summary>
/// Structured conditions on a capture's metadata, AND-ed with the query. They never become query text, so no
/// character in a value has a meaning.
/// </summary>
internal sealed record SearchFilters
{
    /// <summary>No conditions.</summary>
    public static SearchFilters None { get; } = new();

    /// <summary>The publisher is exactly this (ignoring case), as a publisher facet names it; null for any.</summary>
    public string? Publisher { get; init; }

    /// <summary>The source type is one of these (ignoring case); empty for any.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>The language is one of these or a subtag of one (<c>ar</c> matches <c>ar-SY</c>); empty for any.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The capture has every one of these tags; empty for any.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Published on or after the first day of this date, or null for no lower bound.</summary>
    public PartialDate? PublishedFrom { get; init; }

    /// <summary>Published on or before the last day of this date, or null for no upper bound.</summary>
    public PartialDate? PublishedTo { get; init; }

    /// <summary>True when there is no condition.</summary>
    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(Publisher) && Types.Count == 0 && Languages.Count == 0 && Tags.Count == 0
        && PublishedFrom is null && PublishedTo is null;

    /// <summary>
    /// The filters as query clauses (<c>publisher:"…"</c>, <c>type:</c>, <c>lang:</c>, <c>tag:</c>,
    /// <c>published:[from TO to]</c>), only to show a researcher how the search was understood. They are never
    /// parsed or run: the backend applies the filters themselves.
    /// </summary>
    public IReadOnlyList<Query> Clauses()
    {
        var clauses = new List<Query>();
        if (!string.IsNullOrWhiteSpace(Publisher))
        {
            clauses.Add(new PhraseQuery(QueryField.Publisher, Publisher));
        }

        AnyOf(QueryField.Type, Types);
        AnyOf(QueryField.Lang, Languages);
        clauses.AddRange(Tags.Select(t => new PhraseQuery(QueryField.Tag, t)));
        if (PublishedFrom is not null || PublishedTo is not null)
        {
            clauses.Add(new RangeQuery(QueryField.Published, PublishedFrom, PublishedTo));
        }

        return clauses;

        void AnyOf(QueryField field, IReadOnlyList<string> values)
        {
            if (values.Count == 1)
            {
                clauses.Add(new PhraseQuery(field, values[0]));
            }
            else if (values.Count > 1)
            {
                clauses.Add(new BooleanQuery([.. values.Select(v => new BooleanClause(Occur.Should, new PhraseQuery(field, v)))]));
            }
        }
    }

    /// <summary>How many values are given (publisher, types, languages and tags), to hold a host's limit.</summary>
    public int ValueCount => (string.IsNullOrWhiteSpace(Publisher) ? 0 : 1) + Types.Count + Languages.Count + Tags.Count;
}
