namespace Archive.Core.Catalog;

/// <summary>One thing <c>archive verify</c> found wrong with the search index.</summary>
/// <param name="Status">
/// <c>behind</c>, <c>unknown</c> (holds a capture the catalog does not), <c>missing</c> (lacks a capture the catalog
/// holds), <c>ahead</c> (covers events past the catalog's last), <c>other-log</c> (another archive's, or another log's
/// at its position) or <c>unusable</c>.
/// </param>
/// <param name="Detail">What it means and what to do, for a user.</param>
/// <param name="CaptureId">The capture concerned, for <c>unknown</c> and <c>missing</c>.</param>
internal sealed record IndexFinding(string Status, string Detail, string? CaptureId = null);
