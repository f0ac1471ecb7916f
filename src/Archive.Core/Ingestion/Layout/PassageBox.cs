namespace Archive.Core.Ingestion.Layout;

/// <summary>The part of a passage on one line of one page: the union of its words' boxes there.</summary>
internal sealed record PassageBox(int Page, LayoutBox Box);
