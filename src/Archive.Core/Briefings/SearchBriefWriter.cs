using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Core.Search;

namespace Archive.Core.Briefings;

/// <summary>
/// Writes a reading-pack brief from a search: the top passages for a query, each cited with the ready
/// citation search produced, so the pack goes through the same resolution, notes, appendix and manifest.
/// </summary>
public static class SearchBriefWriter
{
    /// <summary>
    /// Writes the reading-pack brief where the pack will be: beside <paramref name="outputPdf"/> as <c>NAME.brief.md</c>,
    /// or as <c>search-STAMP.brief.md</c> in <paramref name="packsDirectory"/>. Returns its path and the passages cited
    /// (0 when nothing matched). A query syntax error is <see cref="ArchiveErrorKind.InvalidInput"/>, with its column.
    /// </summary>
    public static (string Path, int Passages) WriteReadingBrief(
        Searcher searcher, string query, string title, int top, string author, DateTimeOffset now, string packsDirectory, string? outputPdf, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, "a reading pack from a search needs a title");
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var path = outputPdf is null
            ? System.IO.Path.Combine(packsDirectory, $"search-{stamp}.brief.md")
            : System.IO.Path.ChangeExtension(System.IO.Path.GetFullPath(outputPdf), ".brief.md");
        return (path, Write(searcher, query, title, top, author, now, path, cancellationToken));
    }

    /// <summary>Writes the brief to <paramref name="path"/>; returns the number of passages cited (0 when nothing matched).</summary>
    public static int Write(Searcher searcher, string query, string title, int top, string author, DateTimeOffset now, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        var response = searcher.Search(new SearchRequest(query, Limit: Math.Clamp(top, 1, 200), PassagesPerHit: 3), cancellationToken);
        if (response.Error is { } error)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"query:{error.Column}: {error.Message}");
        }

        var passages = response.Hits
            .SelectMany((hit, rank) => hit.Passages.Select((p, i) => (Hit: hit, Passage: p, Order: (i * 1000) + rank)))
            .OrderBy(x => x.Order)
            .Take(top)
            .GroupBy(x => x.Hit.Id)
            .ToList();
        var md = new StringBuilder();
        md.Append("---\n");
        md.Append("title: ").Append(Quoted(title)).Append('\n');
        md.Append("subtitle: ").Append(Quoted($"Reading pack: the top {passages.Sum(g => g.Count())} passages for the query {query}")).Append('\n');
        md.Append("author: ").Append(Quoted(author)).Append('\n');
        md.Append("date: ").Append(now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        md.Append("summary: ").Append(Quoted($"{response.Total} archived captures match `{response.Parsed}`. Passages are quoted verbatim from the archive in rank order; each is checked against the stored text.")).Append('\n');
        md.Append("---\n\n");
        foreach (var group in passages)
        {
            var hit = group.First().Hit;
            md.Append("## ").Append(Escape(hit.Title ?? hit.Slug)).Append("\n\n");
            var byline = string.Join(", ", new[] { hit.Publisher, hit.Published }.Where(v => !string.IsNullOrEmpty(v)));
            if (byline.Length > 0)
            {
                md.Append('*').Append(Escape(byline)).Append("*\n\n");
            }

            foreach (var (_, passage, _) in group)
            {
                md.Append("- ").Append(passage.Citation).Append(" (why: ")
                    .Append(Escape(string.Join("; ", passage.Matches.Select(m => m.Via is null ? m.Reason : $"{m.Reason} {m.Via}").Distinct(StringComparer.Ordinal))))
                    .Append(")\n");
            }

            md.Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, md.ToString(), new UTF8Encoding(false));
        return passages.Sum(g => g.Count());
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '`' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The text as a JSON string, which YAML reads as a double-quoted scalar (non-ASCII escaped as JSON escapes it by default).</summary>
    private static string Quoted(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
