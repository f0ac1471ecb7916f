using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;

namespace Archive.Core.Briefings;

/// <summary>Renders only <see cref="BriefLinks"/>-allowed links as links; other links and every image become plain text.</summary>
internal sealed class SafeLinkExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.Replace<LinkInlineRenderer>(new SafeLinkInlineRenderer());
            html.ObjectRenderers.Replace<AutolinkInlineRenderer>(new SafeAutolinkInlineRenderer());
        }
    }
}
