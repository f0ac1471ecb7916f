using System.Globalization;
using System.Net;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Storage;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Archive.Core.Briefings;

/// <summary>
/// Turns a checked brief into the pack's HTML through <c>templates/pack.html</c>: cover, body with note markers,
/// notes, sources appendix and verification page. Every text from the brief or the archive is HTML-encoded here.
/// </summary>
internal sealed class PackHtmlWriter(MarkdownPipeline pipeline, string template, string css)
{
    public string Render(BriefCheck check, PackIdentity identity, PackCrops crops)
    {
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(identity);
        var front = check.Brief.FrontMatter!;
        var exact = check.Citations.ToDictionary(c => c.Citation.Number, c => c.Passage.Exact);
        foreach (var inline in check.Brief.Markdown!.Descendants<CitationInline>())
        {
            inline.Exact = exact.GetValueOrDefault(inline.Citation.Number);
        }

        var sourceNumbers = check.Sources.Select((s, i) => (s.Capture.Id, i + 1)).ToDictionary(x => x.Id, x => x.Item2);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["title"] = front.Title,
            ["subtitle"] = front.Subtitle,
            ["author"] = front.Author ?? "not stated",
            ["date"] = front.Date ?? identity.Created[..10],
            ["marking"] = front.Marking,
            ["pack_id"] = identity.PackId,
            ["tool"] = identity.Tool,
            ["agent"] = identity.Agent,
            ["created"] = identity.Created,
            ["source_count"] = check.Sources.Count.ToString(CultureInfo.InvariantCulture),
            ["citation_count"] = check.Citations.Count.ToString(CultureInfo.InvariantCulture),
        };
        var fragments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["css"] = SafeCss(css),
            ["page_css"] = PageCss(front, identity.PackId),
            ["summary"] = Summary(front.Summary),
            ["body"] = WithAutoDirection(check.Brief.Markdown!).ToHtml(pipeline),
            ["notes"] = Notes(check, sourceNumbers, crops),
            ["sources"] = Sources(check),
            ["verification"] = Verification(identity),
        };
        return PackTemplate.Render(template, values, fragments);
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>
    /// Gives each paragraph, heading, list item, block quote and table cell of the body <c>dir="auto"</c>, as the
    /// cover, notes and sources have: each then takes its direction from its own first strong letter, so an Arabic
    /// paragraph reads and aligns right to left (its final stop at its end, its note numbers after it) and an English
    /// one left to right.
    /// </summary>
    private static MarkdownDocument WithAutoDirection(MarkdownDocument document)
    {
        foreach (var block in document.Descendants<Block>())
        {
            if (block is ParagraphBlock or HeadingBlock or ListItemBlock or QuoteBlock or Markdig.Extensions.Tables.TableCell)
            {
                block.GetAttributes().AddPropertyIfNotExist("dir", "auto");
            }
        }

        return document;
    }

    private static string SafeCss(string css) =>
        css.Contains("</", StringComparison.Ordinal) ? throw new ArchiveException(ArchiveErrorKind.RenderFailed, "pack.css must not contain '</'") : css;

    private static string PageCss(BriefFrontMatter front, string packId)
    {
        var title = front.Title.Length > 70 ? front.Title[..69] + "\u2026" : front.Title;
        var small = "font-family: \"Noto Sans\", \"DejaVu Sans\", sans-serif; font-size: 7.5pt; color: #333;";
        var builder = new StringBuilder("@page {\n");
        builder.Append(CultureInfo.InvariantCulture, $"  @top-left {{ content: {PackTemplate.CssString(title + "  \u00B7  " + packId)}; {small} }}\n");
        if (!string.IsNullOrEmpty(front.Marking))
        {
            builder.Append(CultureInfo.InvariantCulture, $"  @top-right {{ content: {PackTemplate.CssString(front.Marking)}; {small} font-weight: bold; }}\n");
            builder.Append(CultureInfo.InvariantCulture, $"  @bottom-center {{ content: {PackTemplate.CssString(front.Marking)}; {small} font-weight: bold; }}\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"  @bottom-left {{ content: {PackTemplate.CssString(packId + "-")} counter(page, bates); {small} }}\n");
        builder.Append(CultureInfo.InvariantCulture, $"  @bottom-right {{ content: \"page \" counter(page) \" of \" counter(pages); {small} }}\n");
        return builder.Append("}\n").ToString();
    }

    private static string Summary(string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            return string.Empty;
        }

        var builder = new StringBuilder("<div class=\"summary\"><h2>Summary</h2>");
        foreach (var paragraph in summary.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            builder.Append("<p dir=\"auto\">").Append(E(paragraph)).Append("</p>");
        }

        return builder.Append("</div>").ToString();
    }

    private static string Notes(BriefCheck check, Dictionary<CaptureId, int> sourceNumbers, PackCrops crops)
    {
        var builder = new StringBuilder();
        foreach (var c in check.Citations)
        {
            var capture = c.Capture.Capture;
            var n = c.Citation.Number.ToString(CultureInfo.InvariantCulture);
            builder.Append(CultureInfo.InvariantCulture, $"<li id=\"note-{n}\" value=\"{n}\">");
            builder.Append("<p class=\"quote\" dir=\"auto\"><q>").Append(E(c.Passage.Exact)).Append("</q></p>");
            builder.Append("<p class=\"src\"><cite dir=\"auto\">").Append(E(capture.Title ?? capture.Slug)).Append("</cite>");
            builder.Append(", ").Append(E(capture.Publisher ?? "publisher not stated"));
            builder.Append(". Published ").Append(E(capture.Published ?? "date not stated"));
            builder.Append("; captured ").Append(E(capture.CapturedAt ?? "time not stated"));
            builder.Append("; ingested ").Append(E(capture.IngestedAt[..10])).Append('.');
            builder.Append(c.Capture.SourceUrl is { } url ? $" <span class=\"url\">{E(url)}</span>" : " No URL recorded.");
            builder.Append(CultureInfo.InvariantCulture, $" [S{sourceNumbers[capture.Id]}]</p>");
            builder.Append("<p class=\"loc\">Capture <code>").Append(capture.Id.Short).Append("</code> \u00B7 paragraph ")
                .Append(c.Paragraph.ToString(CultureInfo.InvariantCulture))
                .Append(CultureInfo.InvariantCulture, $" \u00B7 code points {c.Passage.Start}\u2013{c.Passage.End}");
            if (c.Page is { } page)
            {
                builder.Append(CultureInfo.InvariantCulture, $" \u00B7 page {page}");
            }

            builder.Append(CultureInfo.InvariantCulture, $" \u00B7 <span class=\"status\">{c.Resolution.StatusName}</span>");
            builder.Append(CultureInfo.InvariantCulture, $" \u00B7 <a href=\"#ref-{n}\">back</a></p>");
            foreach (var crop in crops.ByCitation.GetValueOrDefault(c.Citation.Number) ?? [])
            {
                builder.Append(Figure(crop, capture.Id.Short));
            }

            builder.Append("</li>\n");
        }

        return builder.ToString();
    }

    /// <summary>
    /// The crop of the original page with the passage's lines marked over it. The marks are boxes laid over the image
    /// (in percent of the crop), so the picture itself is the page exactly as drawn, and its digest is the manifest's.
    /// </summary>
    private static string Figure(PackCrop crop, string shortId)
    {
        var m = crop.Manifest;
        var region = m.Region;
        var w = region.X1 - region.X0;
        var h = region.Y1 - region.Y0;
        static string P(double v) => Math.Clamp(v, 0, 100).ToString("0.###", CultureInfo.InvariantCulture);
        var builder = new StringBuilder("<figure class=\"crop\">");
        builder.Append(CultureInfo.InvariantCulture, $"<div class=\"crop-frame\" data-file=\"{E(m.File)}\"><img src=\"data:image/png;base64,{Convert.ToBase64String(crop.Image.Png)}\" width=\"{m.Width}\" height=\"{m.Height}\" alt=\"Page {m.Page} of the original around the quoted passage\">");
        foreach (var line in m.Lines)
        {
            var left = (line.X0 - region.X0) / w * 100;
            var top = (line.Y0 - region.Y0) / h * 100;
            builder.Append(CultureInfo.InvariantCulture,
                $"<span class=\"mark-box\" style=\"left:{P(left)}%;top:{P(top)}%;width:{P((line.X1 - line.X0) / w * 100)}%;height:{P((line.Y1 - line.Y0) / h * 100)}%\"></span>");
        }

        builder.Append("</div><figcaption>Page ").Append(m.Page.ToString(CultureInfo.InvariantCulture)).Append(" of capture <code>").Append(shortId)
            .Append("</code> as drawn by ").Append(E(m.Renderer)).Append("; the boxes mark the quoted words. Embedded as <span class=\"mono\">")
            .Append(E(m.File)).Append("</span>, <span class=\"mono\">").Append(E(m.Sha256[..19])).Append("\u2026</span></figcaption></figure>");
        return builder.ToString();
    }

    private static string Sources(BriefCheck check)
    {
        var builder = new StringBuilder();
        var number = 0;
        foreach (var source in check.Sources)
        {
            number++;
            var capture = source.Capture;
            string? Field(string name) => source.Fields.TryGetValue(name, out var v) ? v.Display : null;
            builder.Append(CultureInfo.InvariantCulture, $"<article class=\"source\" id=\"src-{capture.Id.Short}\">");
            builder.Append(CultureInfo.InvariantCulture, $"<h3 dir=\"auto\">S{number}. ").Append(E(capture.Title ?? capture.Slug)).Append("</h3><table class=\"meta\">");
            void Row(string label, string? value, string? cls = null) =>
                builder.Append("<tr><th>").Append(E(label)).Append("</th><td").Append(cls is null ? string.Empty : $" class=\"{cls}\"").Append(" dir=\"auto\">")
                    .Append(E(value ?? "not stated")).Append("</td></tr>");
            Row("Slug", capture.Slug);
            Row("Publisher", capture.Publisher);
            Row("Authors", Field("authors"));
            Row("Published", capture.Published);
            Row("Captured", capture.CapturedAt);
            Row("Type, language", $"{capture.SourceType ?? "type not stated"}, {capture.Language ?? "language not stated"}");
            Row("URL", source.SourceUrl, "url");
            Row("Reliability", Field("reliability") ?? "not graded");
            if (Field("ai_generated") is "true")
            {
                Row("AI-generated", "yes: the source says it was produced by AI");
            }

            Row("Capture SHA-256", capture.Id.Value, "hash");
            Row("Text SHA-256", capture.TextSha256, "hash");
            Row("Original", $"{capture.OriginalName} ({capture.MediaType}, {capture.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
            Row("Ingested", $"{capture.IngestedAt} by {capture.IngestAgent}");
            Row("Text extractor", $"{source.Extractor} {source.ExtractorVersion}");
            builder.Append("</table><h4>Cited passages</h4>");
            foreach (var c in check.Citations.Where(c => c.Capture.Capture.Id == capture.Id))
            {
                builder.Append("<p class=\"ctx\" dir=\"auto\"><span class=\"n\">[")
                    .Append(c.Citation.Number.ToString(CultureInfo.InvariantCulture)).Append("]</span> \u2026")
                    .Append(E(c.Before)).Append("<mark>").Append(E(c.Passage.Exact)).Append("</mark>").Append(E(c.After)).Append("\u2026</p>");
            }

            builder.Append("</article>\n");
        }

        return builder.ToString();
    }

    private static string Verification(PackIdentity identity)
    {
        var manifest = Path.ChangeExtension(identity.PdfFileName, null) + ".manifest.json";
        var builder = new StringBuilder();
        builder.Append("<p>This pack is <span class=\"mono\">").Append(E(identity.PackId)).Append("</span>, created ")
            .Append(E(identity.Created)).Append(" by ").Append(E(identity.Agent)).Append(" with ").Append(E(identity.Tool)).Append(".</p>");
        builder.Append("<p>Its manifest (<span class=\"mono\">").Append(E(manifest))
            .Append("</span>, also embedded in this PDF as the attachment <span class=\"mono\">manifest.json</span>, with its signature as <span class=\"mono\">manifest.json.sig</span>) ")
            .Append("lists every cited capture with its SHA-256 and text SHA-256, and every passage with its code-point offsets, exact text, prefix and suffix. ")
            .Append("The manifest is signed with the archive's key. Its body (everything except the pack id and the PDF's own digest) has this SHA-256:</p>");
        builder.Append("<pre>sha256:").Append(E(identity.BodySha256)).Append("</pre>");
        builder.Append("<p>The pack id is <span class=\"mono\">pack-</span> followed by the first 12 hex digits of that digest. The signing key's fingerprint (SHA-256 of its public key) is:</p>");
        builder.Append("<pre>sha256:").Append(E(identity.KeyId)).Append("</pre>");
        builder.Append("<p>To check this pack, run this against the archive:</p>");
        builder.Append("<pre>archive verify-pack ").Append(E(identity.PdfFileName)).Append("</pre>");
        builder.Append("<p>It needs nothing beside this file. It checks the PDF's digest against the manifest, the manifest's signature, that every citation still resolves to the same passage in a capture and text with the same digests, ")
            .Append("and that every quoted passage appears in this PDF's text. The manifest's digest covers this PDF as printed: its first <span class=\"mono\">pdf.bytes</span> bytes; the attachments follow them. ")
            .Append("Without the program, with qpdf, OpenSSL and the archive's public key:</p>");
        builder.Append("<pre>qpdf --show-attachment=manifest.json ").Append(E(identity.PdfFileName)).Append(" &gt; m.json\n")
            .Append("qpdf --show-attachment=manifest.json.sig ").Append(E(identity.PdfFileName)).Append(" &gt; m.json.sig\n")
            .Append("openssl dgst -sha256 -verify public.pem -signature m.json.sig m.json\n")
            .Append("head -c BYTES ").Append(E(identity.PdfFileName)).Append(" | sha256sum    # BYTES and the digest: pdf.bytes, pdf.sha256 in m.json</pre>");
        return builder.ToString();
    }
}
