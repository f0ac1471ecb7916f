namespace Archive.Core.Briefings;

/// <summary>
/// One <c>[@ID "quote"]</c> or <c>[@ID "quote" #N]</c> in a brief: its note number (order of appearance), the id as
/// written, the quote with source line breaks folded to spaces, the occurrence asked for, and where it starts (1-based).
/// </summary>
public sealed record BriefCitation(int Number, string Id, string Quote, int? Occurrence, int Line, int Column);
