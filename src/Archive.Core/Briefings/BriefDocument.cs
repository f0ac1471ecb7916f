using Markdig.Syntax;

namespace Archive.Core.Briefings;

/// <summary>
/// A parsed brief: its path and SHA-256, front matter, Markdown syntax tree and citations in order of appearance.
/// <see cref="Problems"/> lists syntax and front-matter problems; the brief is usable only when it is empty.
/// <see cref="Warnings"/> lists what renders differently from the Markdown (images, links that are not http, https or
/// mailto) without stopping a build.
/// </summary>
public sealed record BriefDocument(
    string Path,
    string Sha256,
    BriefFrontMatter? FrontMatter,
    MarkdownDocument? Markdown,
    IReadOnlyList<BriefCitation> Citations,
    IReadOnlyList<BriefProblem> Problems,
    IReadOnlyList<BriefProblem> Warnings)
{
    public bool IsValid => Problems.Count == 0 && FrontMatter is not null && Markdown is not null;
}
