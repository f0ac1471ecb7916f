namespace Archive.Core.Catalog;

/// <summary>GET /api/documents: one page of captures in ingest order.</summary>
public sealed record DocumentPage(int Total, int Limit, int Offset, IReadOnlyList<CaptureSummary> Items);
