namespace Archive.Core.Ingestion.Capture;

/// <summary>One response on the way to the page: the URL fetched, its status, and where it redirected (if it did).</summary>
public sealed record RedirectHop(string Url, int Status, string? Location);
