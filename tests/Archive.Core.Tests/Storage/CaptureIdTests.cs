using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Archive.Core;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Storage;

public sealed class CaptureIdTests
{
    // Archive's JSON shape over any type, found by reflection.
    private static readonly JsonSerializerOptions Reflected = ArchiveJson.Create(new DefaultJsonTypeInfoResolver());

    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Id = "sha256:" + Hex;

    private sealed record Holder(CaptureId Id, CaptureId? Other);

    [Theory]
    [InlineData(Id)]
    [InlineData("SHA256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData(Hex)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    public void TryParse_EitherCaseWithOrWithoutPrefix_GivesTheLowercasePrefixedId(string text)
    {
        Assert.True(CaptureId.TryParse(text, out var id));
        Assert.Equal(Id, id.Value);
        Assert.Equal(Id, id.ToString());
        Assert.Equal(Hex, id.Digest.Hex);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("the-guardian-2024-03-01")]
    [InlineData("0123456789ab")]
    [InlineData("sha256:0123456789ab")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [InlineData("md5:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("pack-0123456789ab")]
    public void TryParse_SlugShortNonHexOrOtherScheme_Fails(string? text)
    {
        Assert.False(CaptureId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void Parse_NotAnId_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => CaptureId.Parse("the-guardian-2024-03-01"));
    }

    [Fact]
    public void Short_IsTheFirstTwelveHexDigits()
    {
        Assert.Equal("0123456789ab", CaptureId.Parse(Id).Short);
    }

    [Fact]
    public void FromDigest_SameDigestAsParse_IsEqual()
    {
        var digest = Sha256Digest.Parse(Hex);

        var id = CaptureId.FromDigest(digest);

        Assert.Equal(CaptureId.Parse(Id.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal)), id);
        Assert.Equal(digest, id.Digest);
        Assert.Equal(digest.Id, id.Value);
    }

    [Fact]
    public void CompareTo_OrdersByHex()
    {
        var low = CaptureId.Parse(new string('0', 64));
        var high = CaptureId.Parse(new string('f', 64));

        Assert.True(low < high);
        Assert.True(high.CompareTo(low) > 0);
        Assert.Equal(0, low.CompareTo(CaptureId.Parse(new string('0', 64))));
    }

    [Fact]
    public void Json_RoundTrip_WritesThePlainString()
    {
        var holder = new Holder(CaptureId.Parse(Id), null);

        var json = JsonSerializer.Serialize(holder, Reflected);

        Assert.Equal($"{{\n  \"id\": \"{Id}\"\n}}", json.ReplaceLineEndings("\n"));
        Assert.Equal(holder, JsonSerializer.Deserialize<Holder>(json, Reflected));
    }

    [Fact]
    public void Json_NullableAndDictionaryKey_WriteThePlainString()
    {
        var id = CaptureId.Parse(Id);

        Assert.Equal($"\"{Id}\"", JsonSerializer.Serialize<CaptureId?>(id));
        Assert.Equal("null", JsonSerializer.Serialize<CaptureId?>(null));
        Assert.Equal($"{{\"{Id}\":1}}", JsonSerializer.Serialize(new Dictionary<CaptureId, int> { [id] = 1 }));
        Assert.Equal(id, JsonSerializer.Deserialize<Dictionary<CaptureId, int>>($"{{\"{Id}\":1}}")!.Keys.Single());
    }

    [Theory]
    [InlineData("\"the-guardian-2024-03-01\"")]
    [InlineData("\"sha256:0123\"")]
    [InlineData("42")]
    public void Json_NotACaptureId_Throws(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CaptureId>(json));
    }
}
