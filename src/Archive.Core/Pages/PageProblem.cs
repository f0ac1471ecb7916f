namespace Archive.Core.Pages;

/// <summary>An expected failure to draw or list pages: its kind, a short title and a sentence that says what to do.</summary>
public sealed record PageProblem(PageProblemKind Kind, string Title, string Detail);
