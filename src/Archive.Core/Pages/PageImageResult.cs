namespace Archive.Core.Pages;

/// <summary>A page image, or why there is none.</summary>
public sealed record PageImageResult(PageImage? Image, PageProblem? Problem, bool FromCache = false)
{
    public static PageImageResult Failed(PageProblemKind kind, string title, string detail) => new(null, new PageProblem(kind, title, detail));
}
