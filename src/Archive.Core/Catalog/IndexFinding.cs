namespace Archive.Core.Catalog;

/// <summary>One thing <c>archive verify</c> found wrong with the search index.</summary>
/// <param name="Status"><c>behind</c>, <c>unknown</c> (holds a capture the catalog does not) or <c>unusable</c>.</param>
/// <param name="Detail">What it means and what to do, for a user.</param>
/// <param name="CaptureId">The capture concerned, for <c>unknown</c>.</param>
internal sealed record IndexFinding(string Status, string Detail, string? CaptureId = null);
