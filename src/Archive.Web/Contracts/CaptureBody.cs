namespace Archive.Web.Contracts;

/// <summary>The body of <c>POST /api/captures</c>: the URLs, metadata for every capture (field name to value), and a time limit per page such as <c>30s</c>.</summary>
internal sealed record CaptureBody(IReadOnlyList<string>? Urls, Dictionary<string, string>? Metadata, string? Timeout);
