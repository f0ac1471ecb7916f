using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Archive.Benchmarks;

/// <summary>
/// Deterministic synthetic documents for the scale benchmark: two Zipf-distributed vocabularies (English-like words
/// made of syllables, and Arabic-script words), log-normal lengths (median about 400 words) with one document in
/// 10,000 of several MB, and a few planted two-word collocations so that phrase queries have hits. Document
/// <c>i</c> depends only on the seed and <c>i</c>, and is written straight to its file: the corpus is never in memory.
/// </summary>
internal sealed class SyntheticCorpus
{
    /// <summary>One document in this many is large (several MB).</summary>
    public const int LargeEvery = 10_000;

    private const double ZipfExponent = 1.1;
    private const double MedianWords = 400;
    private const double LengthSigma = 0.9;
    private const int MaxOrdinaryWords = 40_000;
    private const double ArabicShare = 0.2;
    private const double CollocationPerSentence = 0.05;
    private static readonly string[] Onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "str", "th", "tr"];
    private static readonly string[] Nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou", "y"];
    private static readonly string[] Codas = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "rs", "st", "ck", "ng"];
    private static readonly string[] Reserved = ["and", "or", "not", "to"];
    private const string ArabicLetters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";

    private readonly int _seed;
    private readonly double[] _latinCumulative;
    private readonly double[] _arabicCumulative;

    public SyntheticCorpus(int seed, int vocabulary = 200_000)
    {
        _seed = seed;
        var random = new Random(seed);
        var arabicCount = (int)(vocabulary * ArabicShare);
        Latin = Words(random, vocabulary - arabicCount, LatinWord);
        Arabic = Words(random, arabicCount, ArabicWord);
        _latinCumulative = Cumulative(Latin.Count);
        _arabicCumulative = Cumulative(Arabic.Count);
        Collocations = Enumerable.Range(0, 40).Select(k => (Latin[50 + (k * 37)], Latin[60 + (k * 53)])).ToList();
    }

    /// <summary>English-like words, most frequent first.</summary>
    public IReadOnlyList<string> Latin { get; }

    /// <summary>Arabic-script words, most frequent first.</summary>
    public IReadOnlyList<string> Arabic { get; }

    /// <summary>Word pairs planted in sentences, so that phrase queries find documents.</summary>
    public IReadOnlyList<(string First, string Second)> Collocations { get; }

    /// <summary>Writes document <paramref name="index"/> as NAME.txt with a NAME.txt.meta.json sidecar; returns the text's UTF-8 bytes.</summary>
    public long Write(long index, string directory)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + (int)index));
        var arabic = random.NextDouble() < ArabicShare;
        var (vocabulary, cumulative) = arabic ? (Arabic, _arabicCumulative) : (Latin, _latinCumulative);
        var words = index % LargeEvery == (LargeEvery / 2) - 1
            ? random.Next(300_000, 900_000) // 2–6 MB of text
            : (int)Math.Clamp(Math.Exp(Math.Log(MedianWords) + (LengthSigma * Gaussian(random))), 20, MaxOrdinaryWords);
        var name = $"syn-{index:D8}.txt";
        var title = $"{(arabic ? "وثيقة" : "Document")} {index.ToString(CultureInfo.InvariantCulture)} {Draw(random, vocabulary, cumulative)} {Draw(random, vocabulary, cumulative)}";
        long bytes;
        using (var stream = new FileStream(Path.Combine(directory, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(title);
            writer.Write("\n\n");
            var inSentence = 0;
            var sentenceLength = random.Next(8, 21);
            var sentences = 0;
            for (var w = 0; w < words; w++)
            {
                if (inSentence == 0 && !arabic && random.NextDouble() < CollocationPerSentence)
                {
                    var (first, second) = Collocations[Math.Min(Collocations.Count - 1, (int)(Collocations.Count * random.NextDouble() * random.NextDouble()))];
                    writer.Write(char.ToUpperInvariant(first[0]) + first[1..] + " " + second + " ");
                    inSentence = 2;
                    w++;
                    continue;
                }

                var word = Draw(random, vocabulary, cumulative);
                writer.Write(inSentence == 0 && !arabic ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                if (++inSentence < sentenceLength)
                {
                    writer.Write(' ');
                    continue;
                }

                writer.Write('.');
                writer.Write(++sentences % 6 == 0 ? "\n\n" : " ");
                (inSentence, sentenceLength) = (0, random.Next(8, 21));
            }

            writer.Write(".\n");
            writer.Flush();
            bytes = stream.Length;
        }

        var published = new DateOnly(2000, 1, 1).AddDays((int)(index % 9000));
        var meta = new Dictionary<string, object>
        {
            ["title"] = title,
            ["language"] = arabic ? "ar" : "en",
            ["publisher"] = $"Synthetic {(char)('A' + (index % 20))}",
            ["published"] = published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["source_type"] = "article",
            ["tags"] = new[] { "synthetic" },
        };
        File.WriteAllText(Path.Combine(directory, name + ".meta.json"), JsonSerializer.Serialize(meta));
        return bytes;
    }

    private static List<string> Words(Random random, int count, Func<Random, string> make)
    {
        var seen = new HashSet<string>(Reserved, StringComparer.Ordinal);
        var words = new List<string>(count);
        while (words.Count < count)
        {
            var word = make(random);
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        // Short words are the frequent ones, as in natural languages.
        return words.OrderBy(w => w.Length).ThenBy(_ => random.Next()).ToList();
    }

    private static string LatinWord(Random random)
    {
        var builder = new StringBuilder();
        var syllables = 1 + random.Next(4) + (random.Next(3) == 0 ? 1 : 0);
        for (var s = 0; s < syllables; s++)
        {
            builder.Append(Onsets[random.Next(Onsets.Length)]).Append(Nuclei[random.Next(Nuclei.Length)]).Append(Codas[random.Next(Codas.Length)]);
        }

        return builder.ToString();
    }

    private static string ArabicWord(Random random)
    {
        var length = 3 + random.Next(6);
        var builder = new StringBuilder(length + 2);
        if (random.Next(3) == 0)
        {
            builder.Append("ال");
        }

        for (var i = 0; i < length; i++)
        {
            builder.Append(ArabicLetters[random.Next(ArabicLetters.Length)]);
        }

        return builder.ToString();
    }

    private static double[] Cumulative(int count)
    {
        var cumulative = new double[count];
        var sum = 0.0;
        for (var rank = 0; rank < count; rank++)
        {
            sum += Math.Pow(rank + 1, -ZipfExponent);
            cumulative[rank] = sum;
        }

        for (var rank = 0; rank < count; rank++)
        {
            cumulative[rank] /= sum;
        }

        return cumulative;
    }

    private static string Draw(Random random, IReadOnlyList<string> vocabulary, double[] cumulative)
    {
        var at = Array.BinarySearch(cumulative, random.NextDouble());
        return vocabulary[Math.Min(at < 0 ? ~at : at, vocabulary.Count - 1)];
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller: two uniforms in (0, 1] give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
