using Markdig;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;

namespace Archive.Core.Briefings;

/// <summary>The Markdig extension for <c>[@ID "quote"]</c> citations: the inline parser runs before links.</summary>
internal sealed class CitationExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!pipeline.InlineParsers.Contains<CitationInlineParser>())
        {
            pipeline.InlineParsers.InsertBefore<LinkInlineParser>(new CitationInlineParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<CitationHtmlRenderer>())
        {
            html.ObjectRenderers.Insert(0, new CitationHtmlRenderer());
        }
    }
}
