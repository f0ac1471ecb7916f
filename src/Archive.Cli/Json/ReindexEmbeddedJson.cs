using Archive.Core.Search.Semantic;

namespace Archive.Cli.Json;

/// <summary>The vectors <c>archive reindex</c> made again: texts embedded, their chunks, and texts left lexical.</summary>
internal sealed record ReindexEmbeddedJson(int Texts, int Chunks, int Lexical)
{
    public static ReindexEmbeddedJson From(EmbedResult result) => new(result.Texts, result.Chunks, result.Lexical);
}
