using Archive.Core.Storage;
namespace Archive.Core.Catalog;

/// <summary>
/// The citation <c>[@ID "quote" #N]</c> for a range of a capture's text: the quote trimmed of surrounding whitespace,
/// <see cref="Occurrence"/> its place among <see cref="Occurrences"/> identical quotes in the whole text (from 1).
/// </summary>
public sealed record DocumentCitation(CaptureId Id, int Start, int End, string Quote, int Occurrence, int Occurrences, string Citation);
