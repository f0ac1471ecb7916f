namespace Archive.Core.Ingestion;

/// <summary>Identifies the code that turned an original into canonical text, so the text can be reproduced.</summary>
internal sealed record ExtractorInfo(string Name, string Version, string Settings);
