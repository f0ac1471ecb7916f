using Archive.Core.Provenance;

namespace Archive.Core.Catalog;

/// <summary>PATCH /api/documents/{id}/metadata: the metadata-amended events written.</summary>
public sealed record AmendResult(string Id, IReadOnlyList<DocumentEvent> Events);
