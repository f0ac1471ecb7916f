using System.Globalization;

namespace Archive.Core.Metadata;

/// <summary>
/// A date written in a query to year, month or day precision: <c>2026</c>, <c>2026-01</c>, <c>2026-01-31</c>. It stands
/// for every day from <see cref="FirstDay"/> to <see cref="LastDay"/>.
/// </summary>
public readonly record struct PartialDate
{
    private PartialDate(int year, int? month, int? day)
    {
        Year = year;
        Month = month;
        Day = day;
    }

    /// <summary>The year, 1 to 9999.</summary>
    public int Year { get; }

    /// <summary>The month, 1 to 12, or null for a whole year.</summary>
    public int? Month { get; }

    /// <summary>The day of the month, or null for a whole month or year.</summary>
    public int? Day { get; }

    /// <summary>The first day the date covers.</summary>
    public DateOnly FirstDay => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>The last day the date covers.</summary>
    public DateOnly LastDay => (Month, Day) switch
    {
        (null, _) => new DateOnly(Year, 12, 31),
        ({ } m, null) => new DateOnly(Year, m, DateTime.DaysInMonth(Year, m)),
        ({ } m, { } d) => new DateOnly(Year, m, d),
    };

    /// <summary>
    /// Parses <c>YYYY</c>, <c>YYYY-MM</c> or <c>YYYY-MM-DD</c>, in ASCII, Arabic-Indic (٠-٩), Persian (۰-۹) or
    /// fullwidth (０-９) digits, read as the same ASCII digits (no calendar is converted).
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="date">The date, when the result is true.</param>
    /// <param name="error">Why the text is not a date, when the result is false.</param>
    public static bool TryParse(string text, out PartialDate date, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        date = default;
        error = null;

        // Each folded digit is one UTF-16 unit, so the folded text keeps the typed one's positions; errors quote it as typed.
        var ascii = AsciiDigits(text);
        if (ascii.Length is not (4 or 7 or 10)
            || !AllDigits(ascii, 0, 4)
            || (ascii.Length >= 7 && (ascii[4] != '-' || !AllDigits(ascii, 5, 2)))
            || (ascii.Length == 10 && (ascii[7] != '-' || !AllDigits(ascii, 8, 2))))
        {
            error = text.Contains('T', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal)
                ? $"\"{text}\" has a time of day; dates are whole days: write YYYY-MM-DD"
                : $"\"{text}\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD";
            return false;
        }

        var year = int.Parse(ascii.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1)
        {
            error = $"\"{text}\" is not a date: there is no year 0";
            return false;
        }

        int? month = null;
        int? day = null;
        if (ascii.Length >= 7)
        {
            month = int.Parse(ascii.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                error = $"\"{text}\" is not a date: months run from 01 to 12";
                return false;
            }
        }

        if (ascii.Length == 10)
        {
            day = int.Parse(ascii.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            var days = DateTime.DaysInMonth(year, month!.Value);
            if (day < 1 || day > days)
            {
                error = $"\"{text}\" is not a date: that month has {days} days";
                return false;
            }
        }

        date = new PartialDate(year, month, day);
        return true;
    }

    /// <summary>The date as it is written in a query.</summary>
    public override string ToString()
    {
        var year = Year.ToString("D4", CultureInfo.InvariantCulture);
        return (Month, Day) switch
        {
            (null, _) => year,
            ({ } m, null) => $"{year}-{m.ToString("D2", CultureInfo.InvariantCulture)}",
            ({ } m, { } d) => $"{year}-{m.ToString("D2", CultureInfo.InvariantCulture)}-{d.ToString("D2", CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>The text with Arabic-Indic, Persian and fullwidth digits as ASCII digits, as text search folds them.</summary>
    private static string AsciiDigits(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = source[i] switch
                {
                    >= '\u0660' and <= '\u0669' and var c => (char)('0' + (c - '\u0660')),
                    >= '\u06F0' and <= '\u06F9' and var c => (char)('0' + (c - '\u06F0')),
                    >= '\uFF10' and <= '\uFF19' and var c => (char)('0' + (c - '\uFF10')),
                    var c => c,
                };
            }
        });

    private static bool AllDigits(string text, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
