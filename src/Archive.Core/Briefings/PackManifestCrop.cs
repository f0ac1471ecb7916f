namespace Archive.Core.Briefings;

/// <summary>
/// The picture of the original page beside a citation: the PNG embedded in the pack's PDF as <see cref="File"/>, its
/// SHA-256 and pixel size, the page it shows (from 1) and that page's size, the part of the page it shows
/// (<see cref="Region"/>), the passage's box there and the line boxes the pack highlights, all in <see cref="Unit"/>
/// (<c>pt</c> for a PDF, <c>px</c> for an image), and how it was drawn.
/// </summary>
public sealed record PackManifestCrop(
    string File,
    string Sha256,
    int Width,
    int Height,
    int Page,
    string Unit,
    double PageWidth,
    double PageHeight,
    PackManifestBox Region,
    PackManifestBox Box,
    IReadOnlyList<PackManifestBox> Lines,
    string Renderer);
