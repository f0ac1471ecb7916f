using Archive.Core.Ingestion;

namespace Archive.Web.Contracts;

/// <summary>POST /api/documents: what became of the upload.</summary>
internal sealed record UploadResult(IngestStatus Status, string CaptureId, string? Slug, string? Title, long? Size, string? MediaType, int? SourceVersion, string FileName, string Agent);
