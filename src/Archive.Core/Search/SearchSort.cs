namespace Archive.Core.Search;

/// <summary>Result order: BM25 relevance (ties by ingest order), or newest published first.</summary>
public enum SearchSort
{
    Relevance,
    Published,
}
