namespace Archive.Core.Briefings;

/// <summary>The printed PDF: file name (beside the manifest), SHA-256, size and page count where known.</summary>
public sealed record PackManifestPdf(string File, string Sha256, long Bytes, int? Pages);
