namespace Archive.Core.Ingestion.Capture;

/// <summary>A request the recording proxy did not pass on, or that got no response, and why.</summary>
internal sealed record RefusedRequest(string Url, string Reason);
