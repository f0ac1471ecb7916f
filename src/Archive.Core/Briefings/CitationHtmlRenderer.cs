using System.Globalization;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Archive.Core.Briefings;

/// <summary>Renders a citation as the quoted passage (isolated for mixed-direction text) and a superscript note number.</summary>
internal sealed class CitationHtmlRenderer : HtmlObjectRenderer<CitationInline>
{
    protected override void Write(HtmlRenderer renderer, CitationInline obj)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(obj);
        var n = obj.Citation.Number.ToString(CultureInfo.InvariantCulture);
        renderer.Write("<q class=\"cited\" dir=\"auto\">").WriteEscape(obj.Exact ?? obj.Citation.Quote).Write("</q>");
        renderer.Write("<sup class=\"cite\"><a id=\"ref-").Write(n).Write("\" href=\"#note-").Write(n).Write("\">").Write(n).Write("</a></sup>");
    }
}
