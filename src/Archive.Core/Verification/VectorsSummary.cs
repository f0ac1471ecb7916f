namespace Archive.Core.Verification;

/// <summary>
/// What verify says of the vectors for search by meaning (derived data, so never a problem): the model, texts with
/// vectors and their chunks, texts left lexical, texts waiting to be embedded, and texts whose vectors failed their
/// seals (removed; they wait again). The hosts fill it from the search side's own status.
/// </summary>
public sealed record VectorsSummary(string Model, int Embedded, int Chunks, int Lexical, int Waiting, IReadOnlyList<string> Broken);
