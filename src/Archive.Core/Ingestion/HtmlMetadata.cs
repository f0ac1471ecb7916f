using Archive.Core.Metadata;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// <item>JSON-LD (<c>script type="application/ld+json"</c>, schema.org <c>headline</c>, <c>author</c>,
/// <c>datePublished</c>, also inside <c>@graph</c>) fills title, authors and published when no meta key gave them;
/// its headline comes before <c>&lt;title&gt;</c>.</item>
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
        var linkedData = JsonLdObjects(document);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);

        var title = First(metas, TitleKeys) ?? linkedData.Select(o => Clean(StringOf(o, "headline"))).FirstOrDefault(t => t is not null) ?? Clean(document.Title);
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

        if (!result.ContainsKey("authors"))
        {
            var names = linkedData.Select(AuthorNames).FirstOrDefault(n => n.Count > 0);
            if (names is not null)
            {
                result["authors"] = string.Join("; ", names);
            }
        }

        foreach (var values in PublishedKeys.Select(k => Values(metas, k)).Append(linkedData.Select(o => StringOf(o, "datePublished")).OfType<string>().ToList()))
        {
            var iso = values.Select(static v => IsoDate.TryNormalize(v, out var d) ? d : null).FirstOrDefault(static d => d is not null);
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

    /// <summary>Every JSON object in the page's JSON-LD blocks (top level, arrays and <c>@graph</c>), in document order; malformed blocks are skipped.</summary>
    private static List<JsonObject> JsonLdObjects(IDocument document)
    {
        var objects = new List<JsonObject>();
        foreach (var script in document.QuerySelectorAll("script[type]")
            .Where(static s => string.Equals(s.GetAttribute("type")?.Trim(), "application/ld+json", StringComparison.OrdinalIgnoreCase)))
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(script.TextContent, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
                CheckReadable(root);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
            {
                // Malformed, a key twice, or a \ud800 escape no string can hold: the block says nothing we can use.
                continue;
            }

            var pending = new Queue<JsonNode?>([root]);
            while (pending.Count > 0 && objects.Count < 100)
            {
                switch (pending.Dequeue())
                {
                    case JsonArray array:
                        foreach (var item in array)
                        {
                            pending.Enqueue(item);
                        }

                        break;
                    case JsonObject obj:
                        objects.Add(obj);
                        if (obj["@graph"] is JsonArray graph)
                        {
                            pending.Enqueue(graph);
                        }

                        break;
                }
            }
        }

        return objects;
    }

    /// <summary>
    /// Reads the whole block once, so what the parser leaves for later (a key given twice, a lone surrogate escape)
    /// throws here, where the block is skipped, and not while the metadata is read.
    /// </summary>
    private static void CheckReadable(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    CheckReadable(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CheckReadable(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }

    private static string? StringOf(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>schema.org <c>author</c>: a name, a Person or Organization with a name, or a list of them; URLs are skipped.</summary>
    private static List<string> AuthorNames(JsonObject obj)
    {
        var names = new List<string>();
        var authors = obj["author"] is JsonArray array ? array.ToList() : [obj["author"]];
        foreach (var author in authors)
        {
            var name = author switch
            {
                JsonValue value when value.TryGetValue<string>(out var text) => text,
                JsonObject person => StringOf(person, "name"),
                _ => null,
            };
            if (Clean(name) is { } clean && !LooksLikeUrl(clean) && !names.Contains(clean, StringComparer.Ordinal))
            {
                names.Add(clean);
            }
        }

        return names;
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
