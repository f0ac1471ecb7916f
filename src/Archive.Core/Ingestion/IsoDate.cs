using System.Globalization;
using System.Text.RegularExpressions;

namespace Archive.Core.Ingestion;

/// <summary>Validates and formats the <c>published</c> metadata field: an ISO 8601 date or timestamp as the source states it.</summary>
internal static partial class IsoDate
{
    /// <summary>
    /// Accepts <c>yyyy-MM-dd</c> or <c>yyyy-MM-ddTHH:mm[:ss[.f…]][Z|±HH:mm]</c> (a space instead of <c>T</c> is
    /// accepted and written as <c>T</c>). The offset is kept as stated, never converted, so the value stays the
    /// source's own claim. Returns false for anything else, such as "March 3, 2022", rather than guessing.
    /// </summary>
    public static bool TryNormalize(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? iso)
    {
        iso = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var match = IsoPattern().Match(value.Trim());
        if (!match.Success)
        {
            return false;
        }

        var date = match.Groups["date"].Value;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        if (!match.Groups["time"].Success)
        {
            iso = date;
            return true;
        }

        var time = match.Groups["time"].Value;
        var hour = int.Parse(time.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minute = int.Parse(time.AsSpan(3, 2), CultureInfo.InvariantCulture);
        var second = time.Length >= 8 ? int.Parse(time.AsSpan(6, 2), CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var zone = match.Groups["zone"].Value;
        if (zone.Length == 5)
        {
            // "+0100" is ISO 8601 basic format; write the extended form used everywhere else in the catalog.
            zone = string.Concat(zone.AsSpan(0, 3), ":", zone.AsSpan(3, 2));
        }

        iso = $"{date}T{time}{(zone == "z" ? "Z" : zone)}";
        return true;
    }

    /// <summary>
    /// Formats a moment as a full ISO timestamp. Local times are written in UTC with <c>Z</c>: a library that parsed
    /// a stated instant into the machine's zone must not make the metadata depend on where extraction ran.
    /// An unspecified kind is written without an offset, as stated.
    /// </summary>
    public static string Format(DateTime value) => value.Kind switch
    {
        DateTimeKind.Unspecified => value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        _ => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(
        @"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(?<zone>[Zz]|[+-]\d{2}:?\d{2})?)?$",
        RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex IsoPattern();
}
