namespace Archive.Core.Ingestion.Capture;

/// <summary>How many URLs were captured and how many refused.</summary>
public sealed record CaptureCounts(int Captured, int Refused);
