using Archive.Core.Metadata;

namespace Archive.Core.Ingestion.Capture;

/// <summary>URLs to capture, metadata given for all of them (it overrides what the page says), who asks, and the limits.</summary>
public sealed record CaptureRequest(
    IReadOnlyList<string> Urls,
    IReadOnlyDictionary<string, FieldValue> Metadata,
    string Agent,
    CaptureOptions Options);
