namespace Archive.Core.Pages;

/// <summary>One page of an original: its number (from 1) and size in <see cref="Unit"/> (<c>pt</c> for PDFs, <c>px</c> for images).</summary>
public sealed record PageSize(int Page, double Width, double Height, string Unit);
