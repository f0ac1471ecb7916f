using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>An event as stored: its log index, time and canonical JSON (the Merkle leaf data).</summary>
public sealed record LoggedEvent(long Index, string Type, CaptureId? CaptureId, string Time, string Json);
