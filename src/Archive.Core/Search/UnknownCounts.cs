namespace Archive.Core.Search;

/// <summary>How many hits have no value for each facet: its "unknown" bucket.</summary>
public sealed record UnknownCounts(int Publisher, int Type, int Language, int Year)
{
    public static readonly UnknownCounts None = new(0, 0, 0, 0);
}
