using Archive.Core.Search.Semantic;

namespace Archive.Core.Tests.Search.Semantic;

/// <summary>The shipped model, loaded once for all tests of this assembly (it takes a second or two).</summary>
internal static class SharedModel
{
    private static readonly Lazy<MiniLmEmbedder> Model = new(() => new MiniLmEmbedder(threads: 1));

    public static ITextEmbedder Embedder => Model.Value;
}
