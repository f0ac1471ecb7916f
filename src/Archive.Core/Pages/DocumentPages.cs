using Archive.Core.Storage;

namespace Archive.Core.Pages;

/// <summary>
/// The pages of a capture's original that can be shown as images (none for text, HTML and DOCX), and, when a range
/// was asked for, where that passage is on them.
/// </summary>
public sealed record DocumentPages(CaptureId Capture, string MediaType, int Count, IReadOnlyList<PageSize> Pages, PagePassage? Passage);
