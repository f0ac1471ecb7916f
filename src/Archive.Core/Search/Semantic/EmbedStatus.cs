namespace Archive.Core.Search.Semantic;

/// <summary>
/// Where the vector store stands against the catalog: texts with vectors and their chunks, texts that stay lexical
/// (not English, or empty), texts still waiting to be embedded, and texts whose vectors failed their seals on the
/// last read (removed, and waiting again).
/// </summary>
public sealed record EmbedStatus(string Model, int Embedded, int Chunks, int Lexical, int Waiting, IReadOnlyList<string> Broken);
