using Archive.Core.Storage;
using Archive.Core.Provenance;

namespace Archive.Core.Catalog;

/// <summary>PATCH /api/documents/{id}/metadata: the metadata-amended events written.</summary>
public sealed record AmendResult(CaptureId Id, IReadOnlyList<DocumentEvent> Events);
