namespace Archive.Web.Contracts;

/// <summary>
/// The body of <c>POST /api/captures</c>: the URLs, metadata for every capture (field name to value), a time limit per
/// page such as <c>30s</c>, when a page counts as loaded (<c>load</c>, or <c>networkidle</c>, the default), and how much
/// longer to wait after that (<c>delay</c>, such as <c>3s</c>; none by default).
/// </summary>
internal sealed record CaptureBody(IReadOnlyList<string>? Urls, Dictionary<string, string>? Metadata, string? Timeout, string? Wait = null, string? Delay = null);
