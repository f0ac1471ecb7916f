namespace Archive.Core.Pages;

/// <summary>A capture's page listing, or why there is none.</summary>
internal sealed record DocumentPagesResult(DocumentPages? Pages, PageProblem? Problem);
