using Archive.Core.Storage;
namespace Archive.Core.Catalog;

/// <summary>
/// Text between code-point offsets <c>[Start, End)</c> of a capture's canonical text (<c>archive text --json</c> and
/// GET /api/documents/{id}/passage). <see cref="Length"/> is the whole text's length in code points.
/// </summary>
public sealed record DocumentPassage(CaptureId Id, string TextSha256, int Start, int End, int Length, string Text);
