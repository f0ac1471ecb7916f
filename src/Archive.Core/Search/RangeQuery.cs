using Archive.Core.Metadata;
namespace Archive.Core.Search;

/// <summary>
/// A date range on <c>published</c> or <c>captured</c>: <c>[2026-01-01 TO 2026-01-31]</c> includes both ends,
/// <c>{… TO …}</c> excludes them, <c>*</c> leaves an end open. A bare date (<c>published:2026-01</c>) is the inclusive
/// range of the days it covers. A capture matches when the days its own date covers overlap the days from
/// <see cref="FirstDay"/> to <see cref="LastDay"/>: a capture published 2026-01 (or 2026) matches
/// <c>published:2026-01-15</c>, as any range holding a day of that month (or year) does.
/// </summary>
/// <param name="Field"><see cref="QueryField.Published"/> or <see cref="QueryField.Captured"/>.</param>
/// <param name="Lower">The lower bound as written, or null for an open end.</param>
/// <param name="Upper">The upper bound as written, or null for an open end.</param>
/// <param name="IncludeLower">Written <c>[</c>: the days of <paramref name="Lower"/> are in the range.</param>
/// <param name="IncludeUpper">Written <c>]</c>: the days of <paramref name="Upper"/> are in the range.</param>
internal sealed record RangeQuery(
    QueryField Field,
    PartialDate? Lower,
    PartialDate? Upper,
    bool IncludeLower = true,
    bool IncludeUpper = true) : Query
{
    /// <summary>The first day in the range, or null when it is open below.</summary>
    public DateOnly? FirstDay => FirstDayNumber is { } n ? DateOnly.FromDayNumber(Math.Min(n, DateOnly.MaxValue.DayNumber)) : null;

    /// <summary>The last day in the range, or null when it is open above.</summary>
    public DateOnly? LastDay => LastDayNumber is { } n ? DateOnly.FromDayNumber(Math.Max(n, 0)) : null;

    /// <summary>True when no day can fall inside the range.</summary>
    public bool IsEmpty =>
        (FirstDayNumber is { } first && LastDayNumber is { } last && first > last)
        || FirstDayNumber > DateOnly.MaxValue.DayNumber
        || LastDayNumber < 0;

    private int? FirstDayNumber => Lower is { } lower
        ? (IncludeLower ? lower.FirstDay.DayNumber : lower.LastDay.DayNumber + 1)
        : null;

    private int? LastDayNumber => Upper is { } upper
        ? (IncludeUpper ? upper.LastDay.DayNumber : upper.FirstDay.DayNumber - 1)
        : null;

    public override string ToString() =>
        QueryFields.Name(Field) + ":"
        + (IncludeLower ? "[" : "{")
        + (Lower?.ToString() ?? "*")
        + " TO "
        + (Upper?.ToString() ?? "*")
        + (IncludeUpper ? "]" : "}");
}
