namespace Archive.Core.Pages;

/// <summary>A rectangle on page <see cref="Page"/>: left, top, right, bottom from the page's top-left corner, in the page's unit.</summary>
public sealed record PageBoxInfo(int Page, double X0, double Y0, double X1, double Y1);
