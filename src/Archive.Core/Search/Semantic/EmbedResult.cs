namespace Archive.Core.Search.Semantic;

/// <summary>What one embedding run did: texts embedded, chunks made, texts left lexical (not English), and how long it took.</summary>
public sealed record EmbedResult(int Texts, int Chunks, int Lexical, double Seconds)
{
    public double ChunksPerSecond => Seconds > 0 ? Chunks / Seconds : 0;
}
