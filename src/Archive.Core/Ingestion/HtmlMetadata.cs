using Archive.Core.Metadata;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Archive.Core.Ingestion;

/// <summary>
/// Harvests catalog metadata from an HTML document's <c>meta</c>, <c>link</c> and <c>title</c> elements.
/// For each field the first key in its precedence list that has a usable value wins:
/// <list type="bullet">
/// <item><c>title</c>: og:title, twitter:title, dc.title, citation_title, then <c>&lt;title&gt;</c>. Publishers'
/// meta titles are the bare headline; <c>&lt;title&gt;</c> usually carries a site suffix, so it comes last.</item>
/// <item><c>publisher</c>: og:site_name, application-name, dc.publisher, citation_publisher.</item>
/// <item><c>authors</c>: author, article:author (names only: profile URLs are skipped), dc.creator, citation_author.
/// All values of the winning key are kept, in document order, joined with "; ".</item>
/// <item><c>published</c>: article:published_time, datePublished, dc.date.issued, dcterms.issued, dc.date, date,
/// citation_publication_date; only ISO 8601 values (see <see cref="IsoDate"/>), so "March 3" is skipped, not guessed.</item>
/// <item><c>source_url</c>: <c>&lt;link rel=canonical&gt;</c>, then og:url; absolute http(s) URLs only.</item>
/// <item><c>language</c>: <c>&lt;html lang&gt;</c>, then http-equiv Content-Language, then og:locale; primary subtag.</item>
/// </list>
/// </summary>
internal static partial class HtmlMetadata
{
    private static readonly string[] TitleKeys = ["og:title", "twitter:title", "dc.title", "citation_title"];
    private static readonly string[] PublisherKeys = ["og:site_name", "application-name", "dc.publisher", "citation_publisher"];
    private static readonly string[] AuthorKeys = ["author", "article:author", "dc.creator", "citation_author"];

    private static readonly string[] PublishedKeys =
    [
        "article:published_time", "datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "date",
        "citation_publication_date",
    ];

    private static readonly char[] HtmlWhitespace = [' ', '\t', '\n', '\r', '\f'];

    /// <summary>Returns the metadata found, keyed by catalog field name; absent fields are left out.</summary>
    public static Dictionary<string, string> Harvest(IDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var metas = CollectMeta(document);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);

        var title = First(metas, TitleKeys) ?? Clean(document.Title);
        Add(result, "title", title);
        Add(result, "publisher", First(metas, PublisherKeys));

        foreach (var key in AuthorKeys)
        {
            var names = Values(metas, key).Where(static v => !LooksLikeUrl(v)).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > 0)
            {
                result["authors"] = string.Join("; ", names);
                break;
            }
        }

        foreach (var key in PublishedKeys)
        {
            var iso = Values(metas, key).Select(static v => IsoDate.TryNormalize(v, out var d) ? d : null).FirstOrDefault(static d => d is not null);
            if (iso is not null)
            {
                result["published"] = iso;
                break;
            }
        }

        var canonical = document.QuerySelectorAll("link[rel][href]")
            .Where(static l => l.GetAttribute("rel")!.Split(HtmlWhitespace, StringSplitOptions.RemoveEmptyEntries)
                .Contains("canonical", StringComparer.OrdinalIgnoreCase))
            .Select(static l => Clean(l.GetAttribute("href")))
            .FirstOrDefault(IsAbsoluteHttp);
        Add(result, "source_url", canonical ?? Values(metas, "og:url").FirstOrDefault(IsAbsoluteHttp));

        var languageCandidates = new[] { document.DocumentElement?.GetAttribute("lang") }
            .Concat(Values(metas, "http-equiv:content-language"))
            .Concat(Values(metas, "og:locale"));
        foreach (var candidate in languageCandidates)
        {
            if (LanguageTag.TryGetPrimary(candidate, out var language))
            {
                result["language"] = language;
                break;
            }
        }

        return result;
    }

    /// <summary>Meta values by key (name, property, itemprop, or "http-equiv:" + http-equiv), case-insensitively, in document order.</summary>
    private static Dictionary<string, List<string>> CollectMeta(IDocument document)
    {
        var metas = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var meta in document.QuerySelectorAll("meta[content]"))
        {
            var value = Clean(meta.GetAttribute("content"));
            if (value is null)
            {
                continue;
            }

            var keys = new[]
            {
                meta.GetAttribute("name"),
                meta.GetAttribute("property"),
                meta.GetAttribute("itemprop"),
                meta.GetAttribute("http-equiv") is { } equiv ? "http-equiv:" + equiv.Trim() : null,
            };
            foreach (var key in keys)
            {
                if (!string.IsNullOrWhiteSpace(key))
                {
                    var trimmed = key.Trim();
                    if (!metas.TryGetValue(trimmed, out var list))
                    {
                        metas[trimmed] = list = [];
                    }

                    list.Add(value);
                }
            }
        }

        return metas;
    }

    private static List<string> Values(Dictionary<string, List<string>> metas, string key) =>
        metas.TryGetValue(key, out var list) ? list : [];

    private static string? First(Dictionary<string, List<string>> metas, string[] keys) =>
        keys.SelectMany(k => Values(metas, k)).FirstOrDefault();

    private static void Add(Dictionary<string, string> result, string field, string? value)
    {
        if (value is not null)
        {
            result[field] = value;
        }
    }

    /// <summary>Collapses whitespace, trims and applies NFC; empty becomes null.</summary>
    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return CanonicalText.Canonicalize(Whitespace().Replace(value.Trim(), " "));
    }

    private static bool LooksLikeUrl(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool IsAbsoluteHttp(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Whitespace();
}
