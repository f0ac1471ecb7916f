namespace Archive.Core.Citations;

/// <summary>How a quoted passage resolved in a capture's canonical text. Only exact and normalized are usable.</summary>
public enum PassageStatus
{
    /// <summary>The quote occurs once, byte for byte (ordinal).</summary>
    Exact,

    /// <summary>The quote occurs once after folding whitespace, typographic quotes, dashes and NFC.</summary>
    Normalized,

    /// <summary>The quote occurs more than once; every occurrence is listed and the author picks one with <c>#N</c>.</summary>
    Ambiguous,

    /// <summary>The quote does not occur; the nearest candidate passages are listed.</summary>
    NotFound,
}
