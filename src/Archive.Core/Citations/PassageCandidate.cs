namespace Archive.Core.Citations;

/// <summary>A near miss for a quote that was not found: a passage and the share of the quote's words it contains (0..1).</summary>
public sealed record PassageCandidate(Passage Passage, double Score);
