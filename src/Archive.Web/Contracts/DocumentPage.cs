using Archive.Core.Catalog;

namespace Archive.Web.Contracts;

/// <summary>GET /api/documents: one page of captures in ingest order.</summary>
internal sealed record DocumentPage(int Total, int Limit, int Offset, IReadOnlyList<CaptureSummary> Items);
