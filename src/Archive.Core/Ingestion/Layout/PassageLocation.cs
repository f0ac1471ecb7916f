namespace Archive.Core.Ingestion.Layout;

/// <summary>
/// Where a code-point range of a paged text is on the original: the page it starts on (from 1), the box around its
/// words on that page, the page's size in the same unit, and a box per line for every page it touches.
/// </summary>
/// <param name="Box">The union of the passage's word boxes on <see cref="Page"/>; null when no word of the range is there (only spaces, or text the layout could not place).</param>
/// <param name="Unit"><c>pt</c> (PDF points, from the page's top-left corner) or <c>px</c> (image pixels).</param>
/// <param name="Lines">One box per line the passage touches, in text order, across pages.</param>
internal sealed record PassageLocation(int Page, LayoutBox? Box, string Unit, double PageWidth, double PageHeight, IReadOnlyList<PassageBox> Lines)
{
    /// <summary>The size of each page <see cref="Lines"/> touches, by page number, in <see cref="Unit"/>.</summary>
    public IReadOnlyDictionary<int, (double Width, double Height)> PageSizes { get; init; } = new Dictionary<int, (double Width, double Height)>();
}
