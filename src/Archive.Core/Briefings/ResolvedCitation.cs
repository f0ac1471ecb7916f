using Archive.Core.Catalog;
using Archive.Core.Citations;

namespace Archive.Core.Briefings;

/// <summary>
/// A brief's citation pinned to a capture: the resolution (with passage, capture and text hashes), the paragraph and,
/// for PDF sources, the page it is on, and about a sentence of context on each side.
/// </summary>
public sealed record ResolvedCitation(
    BriefCitation Citation,
    CaptureDetail Capture,
    PassageResolution Resolution,
    int Paragraph,
    int? Page,
    string Before,
    string After)
{
    public Passage Passage => Resolution.Passage!;
}
