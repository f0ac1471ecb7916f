using Archive.Core.Search.Semantic;

namespace Archive.Cli.Json;

/// <summary>The archive's vectors: texts embedded, their chunks, texts lexical only, texts waiting, and broken ones removed.</summary>
internal sealed record EmbedStatusJson(int Texts, int Chunks, int Lexical, int Waiting, IReadOnlyList<string> Broken)
{
    public static EmbedStatusJson From(EmbedStatus status) =>
        new(status.Embedded, status.Chunks, status.Lexical, status.Waiting, status.Broken);
}
