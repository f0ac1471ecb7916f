namespace Archive.Core.Pages;

/// <summary>A capture's page listing, or why there is none.</summary>
public sealed record DocumentPagesResult(DocumentPages? Pages, PageProblem? Problem);
