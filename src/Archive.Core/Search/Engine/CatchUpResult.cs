namespace Archive.Core.Search.Engine;

/// <summary>What a catch-up did: captures (re)indexed, and the catalog position the index now covers.</summary>
/// <param name="Indexed">Captures added or replaced (withdrawn and amended ones included).</param>
/// <param name="Position">The last event index the index covers.</param>
/// <param name="Written">False when another process held the index writer and nothing was written.</param>
internal sealed record CatchUpResult(int Indexed, long Position, bool Written);
