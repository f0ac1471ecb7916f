using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Core.Tests.Provenance;

/// <summary>
/// The hand-written scanner verify reads every event with must judge exactly as <see cref="Utf8JsonReader"/> and the
/// reader-based canonical check it replaced: valid or not, canonical or not, on canonical events and on many small
/// corruptions of them.
/// </summary>
public sealed class CanonicalScannerTests
{
    private static readonly byte[] Alphabet = [.. Encoding.ASCII.GetBytes(" {}[],:\"\\/0123456789-+.eEtrufalsnubfA\t\n\r"), 0x00, 0x1F, 0xC3, 0xA9];

    [Fact]
    public void Scan_CanonicalEventsAndTheirCorruptions_JudgesAsTheReaderDoes()
    {
        var random = new Random(20261201);
        var verdicts = new Dictionary<JsonScan, int>();
        foreach (var json in Events(random, 400))
        {
            Assert.Equal(JsonScan.Canonical, Scan(json));
            Assert.Equal(Reference(json), Scan(json));
            for (var i = 0; i < 60; i++)
            {
                var mutated = Mutate(json, random);
                var verdict = Scan(mutated);
                Assert.True(Reference(mutated) == verdict, $"{Encoding.UTF8.GetString(mutated)}: reader says {Reference(mutated)}, scanner {verdict}");
                verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
            }
        }

        // The corruptions must reach every verdict often, not only break the JSON.
        Assert.All(Enum.GetValues<JsonScan>(), v => Assert.True(verdicts.GetValueOrDefault(v) > 1000, $"{v}: {verdicts.GetValueOrDefault(v)}"));
    }

    [Theory]
    [InlineData("", "Invalid")]
    [InlineData("{}", "Canonical")]
    [InlineData("{\"a\":-0}", "NotCanonical")]
    [InlineData("{\"a\":-5}", "Canonical")]
    [InlineData("{\"a\":1.50}", "Canonical")]
    [InlineData("{\"a\":1e5}", "Canonical")]
    [InlineData("{\"a\":01}", "Invalid")]
    [InlineData("{\"a\":1.}", "Invalid")]
    [InlineData("{\"a\":tru}", "Invalid")]
    [InlineData("{\"a\":1,}", "Invalid")]
    [InlineData("[1,2]", "Canonical")]
    [InlineData("{\"a\":\"\\u00e9\"}", "NotCanonical")]
    [InlineData("{\"a\":\"\\u0001\"}", "Canonical")]
    [InlineData("{\"a\":\"\\x\"}", "Invalid")]
    [InlineData("{\"b\":1,\"a\":2}", "NotCanonical")]
    [InlineData("{\"a\":1} ", "NotCanonical")]
    [InlineData("{\"a\":1}x", "Invalid")]
    public void Scan_Sample_MatchesReader(string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Equal(Enum.Parse<JsonScan>(expected), Scan(bytes));
        Assert.Equal(Reference(bytes), Scan(bytes));
    }

    [Fact]
    public void Scan_DeepNesting_AllowsWhatTheReaderAllows()
    {
        foreach (var depth in new[] { 63, 64, 65 })
        {
            var bytes = Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
            Assert.Equal(Reference(bytes), Scan(bytes));
        }
    }

    [Fact]
    public void Scan_LongStrings_FindQuotesAndControlsAtEveryOffset()
    {
        for (var length = 0; length < 80; length++)
        {
            foreach (var stop in new[] { "\"", "\\n", "\n" })
            {
                var text = new string('x', length);
                var bytes = Encoding.UTF8.GetBytes("{\"a\":\"" + text + (stop == "\"" ? string.Empty : stop) + "\",\"b\":\"" + text + "\"}");
                Assert.Equal(Reference(bytes), Scan(bytes));
            }
        }
    }

    private static JsonScan Scan(byte[] json)
    {
        var visitor = default(NoVisitor);
        return CanonicalJson.Scan(json, ref visitor);
    }

    /// <summary>Utf8JsonReader's verdict on validity, and the canonical check as it was before the scanner.</summary>
    private static JsonScan Reference(byte[] json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return JsonScan.Invalid;
        }

        try
        {
            JsonDocument.Parse(json).Dispose();
        }
        catch (JsonException)
        {
            return JsonScan.Invalid;
        }

        try
        {
            return ReaderIsCanonical(json) ? JsonScan.Canonical : JsonScan.NotCanonical;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate the old check could not decode: no writer of canonical JSON writes one.
            return JsonScan.NotCanonical;
        }
    }

    /// <summary>The canonical check as written before the scanner, on <see cref="Utf8JsonReader"/>.</summary>
    private static bool ReaderIsCanonical(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var lastKeys = new Stack<string?>();
        long end = 0;
        try
        {
            while (reader.Read())
            {
                var start = reader.TokenStartIndex;
                for (var i = end; i < start; i++)
                {
                    if (json[(int)i] is not ((byte)',' or (byte)':'))
                    {
                        return false;
                    }
                }

                var raw = reader.ValueSpan;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        lastKeys.Push(null);
                        end = start + 1;
                        break;
                    case JsonTokenType.EndObject:
                        lastKeys.Pop();
                        end = start + 1;
                        break;
                    case JsonTokenType.StartArray or JsonTokenType.EndArray:
                        end = start + 1;
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var previous = lastKeys.Pop();
                        if ((previous is not null && string.CompareOrdinal(previous, name) >= 0) || (reader.ValueIsEscaped && !SameEscaping(raw, name)))
                        {
                            return false;
                        }

                        lastKeys.Push(name);
                        end = start + raw.Length + 2;
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped && !SameEscaping(raw, reader.GetString()!))
                        {
                            return false;
                        }

                        end = start + raw.Length + 2;
                        break;
                    case JsonTokenType.Number:
                        if (reader.TryGetInt64(out var integer) && !raw.SequenceEqual(Encoding.UTF8.GetBytes(integer.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                        {
                            return false;
                        }

                        end = start + raw.Length;
                        break;
                    default:
                        end = start + raw.Length;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return end == json.Length;
    }

    private static bool SameEscaping(ReadOnlySpan<byte> raw, string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStringValue(value);
        }

        return buffer.WrittenSpan[1..^1].SequenceEqual(raw);
    }

    /// <summary>Events as the log writes them, with escapes, non-ASCII, nested data, arrays and numbers of every kind.</summary>
    private static IEnumerable<byte[]> Events(Random random, int count)
    {
        string[] texts = ["plain", "quote \" and \\ slash", "tab\tnew\nline", "é الحسكة", "emoji 😀", "ctl \u0001\u001f", "<b>&amp;</b>", "\u2028", string.Empty];
        for (var i = 0; i < count; i++)
        {
            var data = new JsonObject
            {
                ["text"] = "sha256:" + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())),
                ["size"] = random.Next(-5, 100_000),
                ["ratio"] = Math.Round(random.NextDouble() * 10, 3),
                ["big"] = random.NextInt64(),
                ["flag"] = random.Next(2) == 0,
                ["none"] = null,
                ["list"] = new JsonArray(texts[random.Next(texts.Length)], random.Next(10), new JsonObject()),
                [texts[random.Next(texts.Length)]] = new JsonObject { ["z"] = 1, ["é"] = texts[random.Next(texts.Length)] },
            };
            var node = new JsonObject
            {
                ["index"] = i,
                ["prev"] = i == 0 ? null : Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())),
                ["time"] = "2026-12-01T00:00:00.0000000Z",
                ["type"] = "text-extracted",
                ["capture"] = texts[random.Next(texts.Length)],
                ["data"] = data,
            };
            yield return CanonicalJson.SerializeToUtf8(node);
        }
    }

    private static byte[] Mutate(byte[] json, Random random)
    {
        var bytes = json.ToList();
        var at = random.Next(bytes.Count);
        switch (random.Next(4))
        {
            case 0:
                bytes.RemoveAt(at);
                break;
            case 1:
                bytes.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                break;
            case 2:
                bytes[at] = Alphabet[random.Next(Alphabet.Length)];
                break;
            default:
                var other = random.Next(bytes.Count);
                (bytes[at], bytes[other]) = (bytes[other], bytes[at]);
                break;
        }

        return [.. bytes];
    }

    private struct NoVisitor : IJsonVisitor
    {
        public readonly void Property(ReadOnlySpan<byte> json, int depth, int start, int length, bool escaped)
        {
        }

        public readonly void Value(ReadOnlySpan<byte> json, int depth, JsonTokenType kind, int start, int length, bool escaped)
        {
        }
    }
}
