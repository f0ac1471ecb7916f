namespace Archive.Core.Search;

/// <summary>
/// Where a passage of a paged source (a PDF, a scan, an image) is on the original: the page it starts on (from 1) and
/// the box around its words on that page, from the page's top-left corner, in <see cref="Unit"/>.
/// </summary>
/// <param name="Unit"><c>pt</c> (PDF points) or <c>px</c> (image pixels).</param>
public sealed record PassagePlace(int Page, double X0, double Y0, double X1, double Y1, string Unit, double PageWidth, double PageHeight);
