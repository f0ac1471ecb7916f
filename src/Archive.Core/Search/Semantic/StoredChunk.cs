namespace Archive.Core.Search.Semantic;

/// <summary>One chunk's vector as read back from the <see cref="VectorStore"/>: its text, code-point range and unit vector.</summary>
internal sealed record StoredChunk(string TextSha256, int Start, int End, float[] Vector);
