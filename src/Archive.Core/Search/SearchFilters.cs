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

    /// <summary>The publisher contains this text (ignoring ASCII case), or null for any.</summary>
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

    /// <summary>How many values are given (publisher, types, languages and tags), to hold a host's limit.</summary>
    public int ValueCount => (string.IsNullOrWhiteSpace(Publisher) ? 0 : 1) + Types.Count + Languages.Count + Tags.Count;
}
