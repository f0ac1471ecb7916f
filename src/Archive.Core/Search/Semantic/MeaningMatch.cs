namespace Archive.Core.Search.Semantic;

/// <summary>How close a text is to a query by meaning: the cosine similarity of its best chunk, and that chunk's code-point range.</summary>
internal readonly record struct MeaningMatch(float Similarity, int Start, int End);
