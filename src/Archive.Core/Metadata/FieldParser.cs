using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Archive.Core.Metadata;

/// <summary>Checks and normalises metadata values from sidecars, <c>--meta</c> and amendments.</summary>
internal static partial class FieldParser
{
    private const int MaxText = 4096;
    private const int MaxLongText = 65536;
    private const int MaxListItems = 100;

    public static readonly IReadOnlyList<string> SourceTypes = ["article", "report", "statement", "social-thread", "other"];

    /// <summary>Parses a value typed as text (<c>--meta</c>, <c>amend --set</c>).</summary>
    public static JsonNode ParseText(MetadataField field, string raw)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(raw);
        return field.Kind switch
        {
            FieldKind.TextList => List(field, raw.Split(field.Name == "tags" ? ',' : ';').Select(s => s.Trim()).Where(s => s.Length > 0)),
            FieldKind.Boolean => raw.Trim().ToLowerInvariant() switch
            {
                "true" or "yes" or "1" => JsonValue.Create(true),
                "false" or "no" or "0" => JsonValue.Create(false),
                _ => throw Invalid(field, raw, "expected true or false"),
            },
            _ => JsonValue.Create(Scalar(field, raw.Trim()))!,
        };
    }

    /// <summary>Parses a value from a JSON sidecar.</summary>
    public static JsonNode ParseJson(MetadataField field, JsonElement element)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Kind switch
        {
            FieldKind.TextList when element.ValueKind == JsonValueKind.Array =>
                List(field, element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
                    ? e.GetString()!.Trim()
                    : throw Invalid(field, e.GetRawText(), "list items must be strings"))),
            FieldKind.TextList when element.ValueKind == JsonValueKind.String => ParseText(field, element.GetString()!),
            FieldKind.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                JsonValue.Create(element.GetBoolean()),
            FieldKind.Boolean => throw Invalid(field, element.GetRawText(), "expected true or false"),
            _ when element.ValueKind == JsonValueKind.String => JsonValue.Create(Scalar(field, element.GetString()!.Trim()))!,
            _ => throw Invalid(field, element.GetRawText(), "expected a string"),
        };
    }

    private static JsonArray List(MetadataField field, IEnumerable<string> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            if (array.Count == MaxListItems)
            {
                throw Invalid(field, "…", $"at most {MaxListItems} items");
            }

            CheckText(field, item, MaxText);
            if (item.Length > 0 && !array.Any(a => string.Equals(a!.GetValue<string>(), item, StringComparison.Ordinal)))
            {
                array.Add((JsonNode?)JsonValue.Create(field.Name == "tags" ? item.ToLowerInvariant() : item));
            }
        }

        return array;
    }

    private static string Scalar(MetadataField field, string value)
    {
        switch (field.Kind)
        {
            case FieldKind.Text:
                CheckText(field, value, MaxText);
                return value;
            case FieldKind.LongText:
                CheckText(field, value, MaxLongText);
                return value;
            case FieldKind.Url:
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw Invalid(field, value, "expected an absolute http or https URL (local paths are not accepted)");
                }

                CheckText(field, value, MaxText);
                return value;
            case FieldKind.Date:
                return (PartialDate().IsMatch(value) && DayExists(value)) || IsTimestamp(value)
                    ? value
                    : throw Invalid(field, value, DateProblem(value) ?? "expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 time");
            case FieldKind.Timestamp:
                return (DayDate().IsMatch(value) && DayExists(value)) || IsTimestamp(value)
                    ? value
                    : throw Invalid(field, value, DateProblem(value) ?? "expected YYYY-MM-DD or an ISO 8601 time such as 2026-01-20T14:30:00Z");
            case FieldKind.SourceType:
                var type = value.ToLowerInvariant();
                return SourceTypes.Contains(type)
                    ? type
                    : throw Invalid(field, value, "expected one of " + string.Join(", ", SourceTypes));
            case FieldKind.Language:
                return LanguageTag().IsMatch(value)
                    ? value.ToLowerInvariant()
                    : throw Invalid(field, value, "expected a BCP 47 language tag such as en or ar");
            case FieldKind.Reliability:
                var grade = value.ToUpperInvariant();
                return Reliability().IsMatch(grade)
                    ? grade
                    : throw Invalid(field, value, "expected an Admiralty grade: a letter A-F then a digit 1-6, e.g. B2");
            case FieldKind.Slug:
                if (!Slug().IsMatch(value) || value.Length > 80)
                {
                    throw Invalid(field, value, "expected lowercase letters, digits and single '-' (at most 80), e.g. reuters-2026-01-20-prison-attack");
                }

                // Ids resolve as hash prefixes first, so such a slug would shadow a capture or never resolve to its own.
                return ReadsAsCaptureId(value)
                    ? throw Invalid(field, value, "a slug must not read as 8 or more hex digits, which is a capture id; add a word, e.g. report-" + value)
                    : value;
            default:
                throw Invalid(field, value, "unsupported field");
        }
    }

    /// <summary>True when <paramref name="slug"/> is 8 or more hex digits: what id resolution reads as a capture hash prefix.</summary>
    public static bool ReadsAsCaptureId(string slug) => slug.Length >= 8 && slug.All(char.IsAsciiHexDigit);

    /// <summary>
    /// An ISO 8601 date and time (<c>2026-01-20T14:30</c>, with seconds, a fraction and <c>Z</c> or an offset as
    /// wanted) that names a real moment. Search, facets, sorting and slugs read the first ten characters as the day,
    /// so nothing else passes: not "Thu, 15 Feb 2024 10:00:00 GMT", which .NET would also parse.
    /// </summary>
    private static bool IsTimestamp(string value) =>
        IsoTimestamp().IsMatch(value) && DayExists(value[..10]) &&
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>Whether a date's day, when it has one, is in its month (no 2024-02-30 or 2023-04-31).</summary>
    private static bool DayExists(string value) =>
        value.Length < 10 || DateOnly.TryParseExact(value.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Why a date-shaped value is refused, when that is more precise than the general expectation.</summary>
    private static string? DateProblem(string value) =>
        value.Length >= 10 && DayDate().IsMatch(value[..10]) && !DayExists(value)
            ? $"{value[..7]} has no day {value.Substring(8, 2)}"
            : null;

    private static void CheckText(MetadataField field, string value, int max)
    {
        if (value.Length > max)
        {
            throw Invalid(field, value[..40] + "…", $"longer than {max} characters");
        }

        foreach (var c in value)
        {
            // Tabs occur in scraped titles and bylines; line breaks only belong in notes.
            if (char.IsControl(c) && c != '\t' && !(field.Kind == FieldKind.LongText && c == '\n'))
            {
                throw Invalid(field, value, $"contains control character U+{(int)c:X4}");
            }
        }
    }

    private static ArchiveException Invalid(MetadataField field, string value, string reason)
    {
        var shown = value.Length > 60 ? value[..60] + "…" : value;
        return new ArchiveException(ArchiveErrorKind.InvalidInput, $"{field.Name}: {reason} (got \"{shown}\")");
    }

    // [0-9], not \d: \d also matches Arabic-Indic, Persian and Devanagari digits, which no date query reads.
    [GeneratedRegex(@"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    private static partial Regex PartialDate();

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    private static partial Regex DayDate();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$")]
    private static partial Regex IsoTimestamp();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[A-F][1-6]$")]
    private static partial Regex Reliability();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
