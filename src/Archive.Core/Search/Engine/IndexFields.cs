using Archive.Core.Search;

namespace Archive.Core.Search.Engine;

/// <summary>
/// The names of the Lucene.Net fields of one capture. Full text: an exact field per part (title, text) for phrases,
/// prefixes, wildcards and fuzzy terms, and a stemmed field per part and <see cref="LanguageChain"/>, of which a
/// capture fills only its own language's. Metadata: keyword fields for filters and field queries, doc values for
/// facets and sorting.
/// </summary>
internal static class IndexFields
{
    /// <summary>The capture id, <c>sha256:…</c>: the key documents are replaced and deleted by.</summary>
    public const string Id = "id";

    /// <summary>The id's hex digits, for <c>id:</c> prefixes.</summary>
    public const string IdHex = "id.hex";

    /// <summary>The catalog rowid (doc values): ties in the ranking break by ingest order.</summary>
    public const string RowId = "rowid";

    public const string Slug = "slug";

    /// <summary>The publisher as written (doc values: the facet) and lower-cased (keyword: the filter).</summary>
    public const string Publisher = "publisher";

    public const string PublisherLower = "publisher.lower";

    /// <summary>The publisher's words, analyzed like text, for <c>publisher:word</c>.</summary>
    public const string PublisherWords = "publisher.words";

    public const string AuthorLower = "author.lower";

    public const string AuthorWords = "author.words";

    /// <summary>The source type, lower-cased (keyword and doc values).</summary>
    public const string Type = "type";

    /// <summary>The language tag as stored (doc values: the facet).</summary>
    public const string Language = "language";

    /// <summary>The language tag lower-cased and its primary subtag (keywords), so <c>lang:ar</c> finds <c>ar-SY</c>.</summary>
    public const string Lang = "lang";

    public const string Tag = "tag";

    /// <summary>The published date as stored (doc values: sorting and the year facet).</summary>
    public const string Published = "published";

    /// <summary>The first day of the published and captured dates as yyyymmdd numbers, for ranges.</summary>
    public const string PublishedDay = "published.day";

    public const string CapturedDay = "captured.day";

    /// <summary>"1" on withdrawn captures, which searches leave out.</summary>
    public const string Withdrawn = "withdrawn";

    public const string TitleExact = "title.exact";

    public const string TextExact = "text.exact";

    public static string TitleStem(LanguageChain chain) => "title.stem." + chain.Name;

    public static string TextStem(LanguageChain chain) => "text.stem." + chain.Name;
}
