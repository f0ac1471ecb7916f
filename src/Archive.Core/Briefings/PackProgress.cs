namespace Archive.Core.Briefings;

/// <summary>Where a pack build is: a stage name ("resolving", "rendering", "printing", "signing") and a count when known.</summary>
public readonly record struct PackProgress(string Stage, int Done, int Total);
