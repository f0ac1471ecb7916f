namespace Archive.Core.Pages;

/// <summary>
/// Where a passage is on the original: the page it starts on, that page's size in the layout's unit (boxes are
/// fractions of it, whatever size the page is drawn at), the box around its words there and a box per line it touches.
/// </summary>
/// <param name="Box">Null when none of the passage's words could be placed on the page.</param>
public sealed record PagePassage(int Start, int End, int Page, string Unit, double PageWidth, double PageHeight, PageBoxInfo? Box, IReadOnlyList<PageBoxInfo> Lines);
