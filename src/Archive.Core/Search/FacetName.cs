namespace Archive.Core.Search;

/// <summary>A facet whose "unknown" bucket (captures with no value for it) a filter can tick.</summary>
public enum FacetName
{
    /// <summary>The publisher.</summary>
    Publisher,

    /// <summary>The source type.</summary>
    Type,

    /// <summary>The language tag.</summary>
    Language,

    /// <summary>The published date (the year facet).</summary>
    Published,
}
