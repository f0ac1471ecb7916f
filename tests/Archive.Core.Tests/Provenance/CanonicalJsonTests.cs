using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

public sealed class CanonicalJsonTests
{
    public static TheoryData<string, bool> Samples => new()
    {
        { """{"a":1,"b":[true,null,"x"],"c":{"d":"é الحسكة","e":-7}}""", true },
        { """{"agent":"root","data":{"text":"sha256:ab"},"index":0,"prev":null}""", true },
        { """{"a":"line\nbreak and \"quote\" and \\ slash"}""", true },
        { """{"b":1,"a":2}""", false },
        { """{"a":1, "b":2}""", false },
        { """ {"a":1}""", false },
        { """{"a":1}""" + "\n", false },
        { """{"a":"\u0041"}""", false },
        { """{"a":01}""", false },
        { """{"a":1,"a":2}""", false },
        { """{"a":{"z":1,"y":2}}""", false },
        { """[{"a":1},{"b":2}]""", true },
        { """{"a":1""", false },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void IsCanonicalUtf8_Sample_MatchesExpectation(string json, bool canonical)
    {
        Assert.Equal(canonical, CanonicalJson.IsCanonicalUtf8(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void IsCanonicalUtf8_SerializedEvents_AgreesWithReserialization()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 500; i++)
        {
            var node = new JsonObject
            {
                ["index"] = random.Next(0, 100000),
                ["time"] = $"2026-11-22T10:{random.Next(0, 60):D2}:00Z",
                ["type"] = random.Next(2) == 0 ? "ingested" : "text-extracted",
                ["data"] = new JsonObject { ["path"] = $"a/b\\c \"{(char)random.Next(0x20, 0x700)}\" \t{i}", ["n"] = random.Next(-5, 5) },
            };
            var json = CanonicalJson.Serialize(node);
            Assert.True(CanonicalJson.IsCanonicalUtf8(Encoding.UTF8.GetBytes(json)), json);
            Assert.True(CanonicalJson.IsCanonical(json), json);
        }
    }
}
