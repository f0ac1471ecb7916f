using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Archive.Core;
using Archive.Core.Ingestion;

namespace Archive.Core.Tests;

public sealed class ArchiveJsonTests
{
    public static TheoryData<string> CoreEnums() => [.. typeof(ArchiveJson).Assembly.GetExportedTypes().Where(t => t.IsEnum).Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(CoreEnums))]
    public void Configure_EveryPublicEnumOfCore_WrittenByItsKebabCaseName(string enumName)
    {
        var type = typeof(ArchiveJson).Assembly.GetType(enumName)!;
        var options = ArchiveJson.Create(new DefaultJsonTypeInfoResolver());

        foreach (var value in Enum.GetValues(type))
        {
            var expected = JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()!);
            Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(value, type, options));
        }
    }

    [Fact]
    public void Configure_Enum_ReadBackFromItsName()
    {
        var options = ArchiveJson.Create(new DefaultJsonTypeInfoResolver());

        Assert.Equal(IngestStatus.Ingested, JsonSerializer.Deserialize<IngestStatus>("\"ingested\"", options));
    }

    [Fact]
    public void Create_TypeTheResolverDoesNotKnow_FailsRatherThanReflecting()
    {
        var options = ArchiveJson.Create(JsonTypeInfoResolver.Combine());

        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(new Unknown("x"), options));
    }

    [Fact]
    public void Options_JsonTree_SnakeCaseKeysKeptAndArabicUnescaped()
    {
        var tree = new JsonObject { ["tree_size"] = 3, ["title"] = "سجن الصناعة" };

        Assert.Equal("{\n  \"tree_size\": 3,\n  \"title\": \"سجن الصناعة\"\n}", tree.ToJsonString(ArchiveJson.Options).ReplaceLineEndings("\n"));
    }

    private sealed record Unknown(string Name);
}
