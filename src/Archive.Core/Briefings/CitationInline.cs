using Markdig.Syntax.Inlines;

namespace Archive.Core.Briefings;

/// <summary>The syntax node for one citation in a brief's Markdown tree; rendered as a numbered note marker.</summary>
internal sealed class CitationInline(BriefCitation citation) : LeafInline
{
    public BriefCitation Citation { get; } = citation;
}
