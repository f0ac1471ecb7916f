namespace Archive.Core.Briefings;

/// <summary>The YAML front matter of a brief. Only the title is required.</summary>
public sealed record BriefFrontMatter(
    string Title,
    string? Subtitle,
    string? Author,
    string? Date,
    string? Marking,
    string? Summary);
