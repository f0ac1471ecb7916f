using Archive.Core.Metadata;

namespace Archive.Core.Tests.Metadata;

/// <summary>
/// Date fields hold only what search, facets, sorting and slugs read as a day: ASCII digits, days that exist, and
/// ISO 8601 times.
/// </summary>
public sealed class FieldParserDateTests
{
    [Theory]
    [InlineData("published", "2024")]
    [InlineData("published", "2024-02")]
    [InlineData("published", "2024-02-29")]
    [InlineData("published", "2024-02-15T10:00Z")]
    [InlineData("published", "2024-02-15T10:00:00.1234567+03:00")]
    [InlineData("published", "2024-02-15T10:00:00,5-0530")]
    [InlineData("captured_at", "2026-12-04")]
    [InlineData("captured_at", "2026-12-04T17:44:31.1234567+00:00")]
    public void ParseText_IsoDateOrTime_IsKeptAsGiven(string name, string value)
    {
        Assert.Equal(value, FieldParser.ParseText(MetadataField.Find(name)!, value).GetValue<string>());
    }

    [Theory]
    [InlineData("published", "2024-02-30", "2024-02 has no day 30")]
    [InlineData("published", "2023-04-31", "2023-04 has no day 31")]
    [InlineData("published", "2023-02-29T10:00:00Z", "2023-02 has no day 29")]
    [InlineData("captured_at", "2023-02-29", "2023-02 has no day 29")]
    [InlineData("published", "Thu, 15 Feb 2024 10:00:00 GMT", "expected YYYY")]
    [InlineData("published", "Tuesday 5 March 2024", "expected YYYY")]
    [InlineData("captured_at", "Tuesday 5 March 2024", "expected YYYY-MM-DD")]
    [InlineData("published", "\u0662\u0660\u0662\u0664-02-15", "expected YYYY")]
    [InlineData("published", "\u0968\u0966\u0968\u0966", "expected YYYY")]
    [InlineData("published", "2024-02-15T25:00:00Z", "expected YYYY")]
    [InlineData("published", "2024-02-15 10:00:00", "expected YYYY")]
    public void ParseText_DateNoQueryCouldRead_IsRefusedSayingWhy(string name, string value, string reason)
    {
        var ex = Assert.Throws<ArchiveException>(() => FieldParser.ParseText(MetadataField.Find(name)!, value));

        Assert.Equal(ArchiveErrorKind.InvalidInput, ex.Kind);
        Assert.StartsWith($"{name}: {reason}", ex.Message, StringComparison.Ordinal);
    }
}
