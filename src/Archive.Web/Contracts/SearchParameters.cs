using Microsoft.AspNetCore.Mvc;

namespace Archive.Web.Contracts;

/// <summary>GET /api/search: the query, paging, order, alias expansion, passages per hit and filters.</summary>
/// <remarks>
/// A class with init properties, not a positional record: for a positional record the Request Delegate Generator
/// looks the constructor up with <c>typeof(string?)</c>, which does not compile (CS8639). Every parameter is optional,
/// as before. Descriptions stay in these comments: [Description] on an [AsParameters] type breaks the OpenAPI generator.
/// </remarks>
internal sealed class SearchParameters
{
    /// <summary>Lucene-syntax query; may be left out when a filter is given.</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    /// <summary>Hits per page, 0-100 (default 10).</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }

    /// <summary>Hits to skip (default 0).</summary>
    [FromQuery(Name = "offset")]
    public int? Offset { get; init; }

    /// <summary>relevance (BM25, the default) or published (newest first).</summary>
    [FromQuery(Name = "sort")]
    public string? Sort { get; init; }

    /// <summary>Expand name variants from aliases.txt (default true).</summary>
    [FromQuery(Name = "aliases")]
    public bool? Aliases { get; init; }

    /// <summary>Passages per hit, 0-20 (default 3).</summary>
    [FromQuery(Name = "passages")]
    public int? Passages { get; init; }

    /// <summary>The publisher is this (ignoring case), as the publisher facet names it; repeat for any of several.</summary>
    [FromQuery(Name = "publisher")]
    public string[]? Publisher { get; init; }

    /// <summary>Document type, such as article; repeat for any of several.</summary>
    [FromQuery(Name = "type")]
    public string[]? Type { get; init; }

    /// <summary>Language code, such as en or ar (ar also matches ar-SY); repeat for any of several.</summary>
    [FromQuery(Name = "lang")]
    public string[]? Lang { get; init; }

    /// <summary>Has this tag; repeat for several.</summary>
    [FromQuery(Name = "tag")]
    public string[]? Tag { get; init; }

    /// <summary>Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    /// <summary>Published on or before: YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    /// <summary>hybrid, lexical or semantic (by default hybrid for plain English words).</summary>
    [FromQuery(Name = "mode")]
    public string? Mode { get; init; }

    /// <summary>publisher, type, lang or published: also let through documents with no value for it (the facet's "unknown" bucket); repeat for several.</summary>
    [FromQuery(Name = "unknown")]
    public string[]? Unknown { get; init; }
}
