using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace Archive.Core.Briefings;

/// <summary>A link renderer that writes disallowed links as their text, and images as their alt text in brackets.</summary>
internal sealed class SafeLinkInlineRenderer : LinkInlineRenderer
{
    protected override void Write(HtmlRenderer renderer, LinkInline link)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(link);
        if (link.IsImage)
        {
            renderer.Write("<span class=\"image-omitted\">[image: ");
            renderer.WriteChildren(link);
            renderer.Write("]</span>");
            return;
        }

        if (!BriefLinks.IsAllowed(link.GetDynamicUrl?.Invoke() ?? link.Url))
        {
            renderer.WriteChildren(link);
            return;
        }

        base.Write(renderer, link);
    }
}
