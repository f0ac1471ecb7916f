namespace Archive.Web.Contracts;

/// <summary>GET /api/documents/{id}/passage: text between code-point offsets [start, end).</summary>
// Not named Passage: in the OpenAPI document that schema name belongs to the passages of search hits.
internal sealed record DocumentPassage(string Id, int Start, int End, int Length, string Text);
