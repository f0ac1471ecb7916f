namespace Archive.Core.Search;

/// <summary>How a search ranks: by words (BM25), by meaning (embeddings), or both fused (the default for plain English words).</summary>
public enum SearchMode
{
    Hybrid,
    Lexical,
    Semantic,
}
