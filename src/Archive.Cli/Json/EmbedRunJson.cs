using Archive.Core.Search.Semantic;

namespace Archive.Cli.Json;

/// <summary>What one <c>archive embed</c> run did, its seconds and rate rounded as printed.</summary>
internal sealed record EmbedRunJson(int Texts, int Chunks, int Lexical, double Seconds, double ChunksPerSecond)
{
    public static EmbedRunJson From(EmbedResult result) =>
        new(result.Texts, result.Chunks, result.Lexical, Math.Round(result.Seconds, 3), Math.Round(result.ChunksPerSecond, 1));
}
