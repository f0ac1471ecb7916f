namespace Archive.Core.Search.Semantic;

/// <summary>What preparing the HNSW index did, over how many chunks, and why it was built when it was.</summary>
public sealed record IndexPreparation(IndexOutcome Outcome, int Chunks, string? Reason = null);
