using Archive.Core.Catalog;
using Archive.Core.Storage;

namespace Archive.Core.Ingestion;

/// <summary>The result of re-extracting one capture: its old and new text, and how the new one was made.</summary>
/// <param name="Id">The id as given (or the capture id, for a stale capture found by <c>--all-stale</c>).</param>
/// <param name="PreviousText">The text current before the run.</param>
/// <param name="Text">The text the run made (set for <c>reextracted</c> and <c>unchanged</c>).</param>
/// <param name="Length">The new text's length in code points.</param>
/// <param name="Extractor">The extractor record of the new run: tool versions and settings.</param>
/// <param name="EventIndex">The log index of the new text-extracted event (only for <c>reextracted</c>).</param>
/// <param name="Reason">Why nothing was recorded, for the statuses other than <c>reextracted</c>.</param>
public sealed record ReextractOutcome(
    string Id,
    ReextractStatus Status,
    CaptureId? CaptureId = null,
    string? Title = null,
    string? PreviousText = null,
    string? Text = null,
    int? Length = null,
    ExtractorRecord? Extractor = null,
    long? EventIndex = null,
    string? Reason = null)
{
    /// <summary>Something to tell the user about the new text, such as "no text: … OCR is off"; null when all is well.</summary>
    public string? Note { get; init; }
}
