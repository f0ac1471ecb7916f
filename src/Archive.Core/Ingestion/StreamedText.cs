using Archive.Core.Storage;

namespace Archive.Core.Ingestion;

/// <summary>A canonical text written straight into the store as it was extracted (a large input), never held whole in memory.</summary>
/// <param name="Blob">The staged UTF-8 text.</param>
/// <param name="Length">The text's length in code points.</param>
/// <param name="Head">The text's first <see cref="CanonicalTextWriter.HeadLength"/> UTF-16 units, enough to guess a language and a title.</param>
internal sealed record StreamedText(StagedBlob Blob, int Length, string Head);
