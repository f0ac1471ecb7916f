namespace Archive.Core.Ingestion.Layout;

/// <summary>One word of a text: its code-point range <c>[Start, End)</c>, the page it is on, its line (numbered through the document) and its box.</summary>
internal sealed record LayoutWord(int Start, int End, int Page, int Line, LayoutBox Box);
