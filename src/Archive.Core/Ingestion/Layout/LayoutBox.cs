namespace Archive.Core.Ingestion.Layout;

/// <summary>A rectangle on a page: left, top, right, bottom, measured from the page's top-left corner in the page's unit.</summary>
internal readonly record struct LayoutBox(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;

    public double Height => Y1 - Y0;

    /// <summary>The smallest box holding both.</summary>
    public LayoutBox Union(LayoutBox other) =>
        new(Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));
}
