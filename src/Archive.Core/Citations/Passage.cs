namespace Archive.Core.Citations;

/// <summary>
/// A span <c>[Start, End)</c> of a canonical text in Unicode code points, with its exact text and up to 32 characters
/// of prefix and suffix: the W3C TextPositionSelector and TextQuoteSelector together.
/// </summary>
public sealed record Passage(int Start, int End, string Exact, string Prefix, string Suffix);
