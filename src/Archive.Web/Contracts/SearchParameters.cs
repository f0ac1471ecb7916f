using Microsoft.AspNetCore.Mvc;

namespace Archive.Web.Contracts;

/// <summary>GET /api/search: the query, paging, order, alias expansion, passages per hit and filters.</summary>
/// <param name="Q">Lucene-syntax query; may be left out when a filter is given.</param>
/// <param name="Limit">Hits per page, 0-100 (default 10).</param>
/// <param name="Offset">Hits to skip (default 0).</param>
/// <param name="Sort">relevance (BM25, the default) or published (newest first).</param>
/// <param name="Aliases">Expand name variants from aliases.txt (default true).</param>
/// <param name="Passages">Passages per hit, 0-20 (default 3).</param>
/// <param name="Publisher">The publisher is this (ignoring case), as the publisher facet names it; repeat for any of several.</param>
/// <param name="Type">Document type, such as article; repeat for any of several.</param>
/// <param name="Lang">Language code, such as en or ar (ar also matches ar-SY); repeat for any of several.</param>
/// <param name="Tag">Has this tag; repeat for several.</param>
/// <param name="From">Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.</param>
/// <param name="To">Published on or before: YYYY, YYYY-MM or YYYY-MM-DD.</param>
/// <param name="Unknown">publisher, type, lang or published: also let through documents with no value for it (the facet's "unknown" bucket); repeat for several.</param>
// Descriptions stay in these comments: [Description] on an [AsParameters] record breaks the OpenAPI generator.
internal sealed record SearchParameters(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "offset")] int? Offset,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "aliases")] bool? Aliases,
    [FromQuery(Name = "passages")] int? Passages,
    [FromQuery(Name = "publisher")] string[]? Publisher,
    [FromQuery(Name = "type")] string[]? Type,
    [FromQuery(Name = "lang")] string[]? Lang,
    [FromQuery(Name = "tag")] string[]? Tag,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "mode")] string? Mode = null,
    [FromQuery(Name = "unknown")] string[]? Unknown = null);
