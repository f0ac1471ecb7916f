namespace Archive.Core.Search.Semantic;

/// <summary>Progress of embedding: texts done of those waiting, and chunks embedded so far.</summary>
public readonly record struct EmbedProgress(int Done, int Total, int Chunks);
