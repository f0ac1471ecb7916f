using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace Archive.Core.Briefings;

/// <summary>An autolink renderer that writes <c>&lt;javascript:…&gt;</c> and other disallowed targets as escaped text.</summary>
internal sealed class SafeAutolinkInlineRenderer : AutolinkInlineRenderer
{
    protected override void Write(HtmlRenderer renderer, AutolinkInline obj)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(obj);
        if (!obj.IsEmail && !BriefLinks.IsAllowed(obj.Url))
        {
            renderer.WriteEscape(obj.Url);
            return;
        }

        base.Write(renderer, obj);
    }
}
