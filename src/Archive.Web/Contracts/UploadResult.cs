using Archive.Core.Ingestion;
using Archive.Core.Storage;

namespace Archive.Web.Contracts;

/// <summary>POST /api/documents: what became of the upload, and what the user should know of it (a note, or null).</summary>
internal sealed record UploadResult(IngestStatus Status, CaptureId CaptureId, string? Slug, string? Title, long? Size, string? MediaType, int? SourceVersion, string FileName, string Agent, string? Note);
