namespace Archive.Core.Briefings;

/// <summary>
/// verify-pack's finding for one citation: whether it still resolves to the same passage in a capture and text with
/// the recorded digests, and whether its passage appears in the PDF's text. <see cref="Problems"/> says what failed.
/// </summary>
public sealed record CitationVerification(
    int Number,
    string Capture,
    string? Title,
    int Start,
    int End,
    string Exact,
    bool Resolves,
    bool InPdf,
    IReadOnlyList<string> Problems)
{
    public bool Ok => Resolves && InPdf;
}
