namespace Archive.Core.Search.Semantic;

/// <summary>
/// A sentence-embedding model: text in, a unit-length vector out, so that the dot product of two vectors is their
/// cosine similarity. <see cref="MiniLmEmbedder"/> is the one Archive ships; tests may give a smaller one.
/// </summary>
internal interface ITextEmbedder
{
    /// <summary>The model's name and version as recorded beside its vectors; vectors of another model are never mixed in.</summary>
    string Model { get; }

    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>The most word pieces one input may hold (the model cuts the rest).</summary>
    int MaxPieces { get; }

    /// <summary>How many word pieces the model makes of <paramref name="text"/> (without its start and end markers).</summary>
    int CountPieces(string text);

    /// <summary>One unit-length vector per text, in order.</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
