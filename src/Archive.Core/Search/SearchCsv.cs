using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Every hit of a search as CSV (RFC 4180), the one writer behind <c>archive search --csv</c> and
/// <c>GET /api/search.csv</c>: columns id, title, publisher, published, captured, score, best_passage (the text of the
/// hit's first passage) and citation (that passage's ready citation). Runs the search page by page, one passage per
/// hit, up to <see cref="SearchLimits.MaxHits"/> rows.
/// </summary>
public static class SearchCsv
{
    /// <summary>The media type of the export.</summary>
    public const string MediaType = "text/csv; charset=utf-8";

    /// <summary>The name the export downloads under.</summary>
    public const string FileName = "search.csv";

    /// <summary>The header row's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["id", "title", "publisher", "published", "captured", "score", "best_passage", "citation"];

    /// <summary>
    /// Runs <paramref name="request"/> from its first hit, a page of <see cref="SearchLimits.MaxPageSize"/> at a time
    /// (each page within the time limit), and writes every hit up to <see cref="SearchLimits.MaxHits"/>. The request's
    /// limit, offset and passages are not used.
    /// </summary>
    public static SearchCsvExport Export(Searcher searcher, SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(request);
        var limits = searcher.Limits;
        var page = Math.Max(1, Math.Min(limits.MaxPageSize, limits.MaxHits));
        var csv = new StringBuilder();
        AppendRow(csv, Columns);
        var exported = 0;
        var offset = 0;
        var total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(page, limits.MaxHits - offset);
            var response = searcher.Search(request with { Offset = offset, Limit = size, PassagesPerHit = 1, Explain = true }, cancellationToken);
            if (response.Error is { } error)
            {
                return new SearchCsvExport(string.Empty, 0, 0, limits.MaxHits, error);
            }

            total = response.Total;
            foreach (var hit in response.Hits)
            {
                AppendRow(csv, Row(hit));
            }

            // Pages follow the index's ranking: a page can show fewer hits than it ranked (a capture withdrawn since
            // the index last caught up is left out), so the next page starts after the ranked ones, not the shown ones.
            exported += response.Hits.Count;
            offset += size;
            if (offset >= Math.Min(total, limits.MaxHits))
            {
                break;
            }
        }

        return new SearchCsvExport(csv.ToString(), total, exported, limits.MaxHits, null);
    }

    /// <summary>One hit's fields, in the order of <see cref="Columns"/>, before quoting.</summary>
    public static IReadOnlyList<string> Row(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var best = hit.Passages.Count > 0 ? hit.Passages[0] : null;
        return
        [
            hit.Id.Value,
            hit.Title ?? string.Empty,
            hit.Publisher ?? string.Empty,
            hit.Published ?? string.Empty,
            hit.CapturedAt ?? string.Empty,
            hit.Score.ToString(CultureInfo.InvariantCulture),
            best?.Text ?? string.Empty,
            best?.Citation ?? string.Empty,
        ];
    }

    /// <summary>
    /// One field as written: a value starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading
    /// apostrophe, so that a spreadsheet shows it as text instead of running it as a formula; then a value holding a
    /// comma, a double quote, CR or LF is quoted, its quotes doubled.
    /// </summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void AppendRow(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }
}
