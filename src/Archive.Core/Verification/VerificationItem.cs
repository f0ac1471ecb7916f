namespace Archive.Core.Verification;

/// <summary>
/// One problem found by verify. <see cref="Kind"/> is <c>original</c>, <c>text</c>, <c>screenshot</c>, <c>blob</c>,
/// <c>log</c>, <c>checkpoint</c>, <c>catalog</c> or <c>index</c> (the derived search index: <c>behind</c>,
/// <c>unknown</c>, <c>unusable</c>); digests are <c>sha256:…</c>.
/// </summary>
public sealed record VerificationItem(
    string Kind,
    string Status,
    string? Id = null,
    string? Title = null,
    string? Path = null,
    string? Expected = null,
    string? Actual = null,
    long? LogIndex = null,
    string? Detail = null);
