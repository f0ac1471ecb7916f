namespace Archive.Core.Briefings;

/// <summary>The brief a pack was built from: its file name and SHA-256, and its front matter.</summary>
public sealed record PackManifestBrief(string File, string Sha256, string? Title, string? Subtitle, string? Author, string? Date, string? Marking);
