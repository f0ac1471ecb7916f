using Markdig.Syntax;

namespace Archive.Core.Briefings;

/// <summary>
/// A parsed brief: its path and SHA-256, front matter, Markdown syntax tree and citations in order of appearance.
/// <see cref="Problems"/> lists syntax and front-matter problems; the brief is usable only when it is empty.
/// </summary>
internal sealed record BriefDocument(
    string Path,
    string Sha256,
    BriefFrontMatter? FrontMatter,
    MarkdownDocument? Markdown,
    IReadOnlyList<BriefCitation> Citations,
    IReadOnlyList<BriefProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && FrontMatter is not null && Markdown is not null;
}
