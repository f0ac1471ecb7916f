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

    /// <summary>Input JSON and its canonical form, written by hand.</summary>
    public static TheoryData<string, string> HandWritten => new()
    {
        { """{ "b": 1, "a": { "d": [true, null, "x"], "c": -7 } }""", """{"a":{"c":-7,"d":[true,null,"x"]},"b":1}""" },
        { """[ {"z": 1, "y": 2}, [], {} ]""", """[{"y":2,"z":1},[],{}]""" },
        { """{"s": "q\" b\\ n\n t\t nul\u0000 \u00e9 \u0627\u0644\u062d\u0633\u0643\u0629"}""", """{"s":"q\" b\\ n\n t\t nul\u0000 é الحسكة"}""" },

        // RFC 8785 section 3.2.3: keys sorted by UTF-16 code units, so the emoji (U+D83D…) sorts before U+FB33. Unlike
        // RFC 8785, which writes them raw, this writer escapes U+0080 and characters outside the BMP; existing logs
        // are hashed in this form.
        {
            """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}""",
            """{"\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","\uD83D\uDE00":"Emoji: Grinning Face","דּ":"Hebrew Letter Dalet With Dagesh"}"""
        },
    };

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void Serialize_HandWrittenSample_ReturnsExpectedCanonicalBytes(string json, string canonical)
    {
        var bytes = CanonicalJson.SerializeToUtf8(JsonNode.Parse(json));

        Assert.Equal(canonical, Encoding.UTF8.GetString(bytes));
        Assert.True(CanonicalJson.IsCanonicalUtf8(bytes));
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

    [Fact]
    public void BuildJson_VariedEvents_EqualsTheCanonicalFormOfTheSameMembers()
    {
        var random = new Random(20261204);
        for (var i = 0; i < 300; i++)
        {
            var data = new JsonObject
            {
                ["zeta"] = $"\u0000-free text \"{(char)random.Next(0x20, 0x700)}\" \t\n{i} \u0627\u0644 \uD83D\uDE00",
                ["alpha"] = new JsonObject { ["b"] = random.Next(-5, 5), ["a"] = null, ["c"] = new JsonArray(1, "x", new JsonObject { ["y"] = true, ["x"] = 1.5 }) },
                ["Middle"] = random.Next(2) == 0 ? null : "</script>&'<",
            };
            var previous = random.Next(3) == 0 ? null : System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i));
            var capture = random.Next(3) == 0 ? null : $"sha256:{i:x64}";
            var e = new NewEvent(random.Next(2) == 0 ? "ingested" : "metadata-amended", capture, $"agent {i} \u00e9", "ok", data);
            var expected = CanonicalJson.Serialize(new JsonObject
            {
                ["index"] = (long)i * 1_000_003,
                ["prev"] = previous is null ? null : Convert.ToHexStringLower(previous),
                ["time"] = "2026-12-04T10:00:00.0000000Z",
                ["type"] = e.Type,
                ["capture"] = e.CaptureId,
                ["agent"] = e.Agent,
                ["tool"] = "archive test",
                ["outcome"] = e.Outcome,
                ["data"] = e.Data.DeepClone(),
            });

            var built = EventLog.BuildJson((long)i * 1_000_003, previous, "2026-12-04T10:00:00.0000000Z", "archive test", e);

            Assert.Equal(expected, built);
            Assert.True(CanonicalJson.IsCanonicalUtf8(Encoding.UTF8.GetBytes(built)), built);
        }
    }
}
