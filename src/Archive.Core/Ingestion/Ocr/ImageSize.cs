namespace Archive.Core.Ingestion.Ocr;

/// <summary>The pixel dimensions of one image or one page of a multi-page image.</summary>
internal readonly record struct ImageSize(long Width, long Height)
{
    public long Pixels => Width * Height;

    public override string ToString() => $"{Width} × {Height}";
}
