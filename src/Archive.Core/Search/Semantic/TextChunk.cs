namespace Archive.Core.Search.Semantic;

/// <summary>A stretch of a text that is embedded as one vector: <c>[Start, End)</c> in code points, and its length in the model's word pieces.</summary>
internal readonly record struct TextChunk(int Start, int End, int Pieces);
