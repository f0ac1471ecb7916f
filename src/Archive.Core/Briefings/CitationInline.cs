using Markdig.Syntax.Inlines;

namespace Archive.Core.Briefings;

/// <summary>
/// The syntax node for one citation in a brief's Markdown tree. Rendered as the quoted passage and a numbered note
/// marker; <see cref="Exact"/> is set to the archived passage once the citation has resolved, so the page shows the
/// archive's text, not the author's typing of it.
/// </summary>
internal sealed class CitationInline(BriefCitation citation) : LeafInline
{
    public BriefCitation Citation { get; } = citation;

    public string? Exact { get; set; }
}
