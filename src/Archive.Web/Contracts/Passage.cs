namespace Archive.Web.Contracts;

/// <summary>GET /api/documents/{id}/passage: text between code-point offsets [start, end).</summary>
internal sealed record Passage(string Id, int Start, int End, int Length, string Text);
