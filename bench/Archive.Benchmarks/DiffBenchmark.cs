using System.Diagnostics;
using System.Globalization;
using System.Text;
using Archive.Core.Versions;

namespace Archive.Benchmarks;

/// <summary>
/// <c>archive diff</c> on texts of about 50 MB: one sentence edited in the middle, 1,000 edits spread through the
/// text, and two unrelated texts. Prints each case's time, the changes and hunks found, its notes, the bytes the diff
/// allocated and the process's peak RSS (which includes the two texts themselves: about 4 bytes per character).
/// </summary>
internal static class DiffBenchmark
{
    private static readonly string[] Words =
    [
        "the", "convoy", "left", "facility", "detainees", "were", "moved", "officials", "said", "on", "Tuesday", "border",
        "crossing", "guards", "statement", "ministry", "report", "town", "north", "of", "and", "in", "a", "to", "after",
    ];

    public static int Run(string[] args)
    {
        var at = Array.IndexOf(args, "--mb");
        var megabytes = at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 50;
        var size = megabytes * 1_000_000;
        var text = Prose(size, seed: 1);
        Console.WriteLine($"texts of {text.Length / 1e6:0.0} M characters; peak RSS after making the first: {ProcessMemory.PeakResidentBytes / 1e6:0} MB");

        var middle = text.IndexOf('\n', text.Length / 2) + 1;
        Measure("one sentence edited in the middle", text, string.Concat(text.AsSpan(0, middle), "An inserted sentence about the convoy. ", text.AsSpan(middle)));

        var edited = new StringBuilder(text);
        var random = new Random(7);
        for (var i = 0; i < 1_000; i++)
        {
            var p = random.Next(edited.Length);
            edited[p] = edited[p] == 'x' ? 'y' : 'x';
        }

        Measure("1,000 scattered one-letter edits", text, edited.ToString());
        Measure("two unrelated texts", text, Prose(size, seed: 2));
        return 0;
    }

    private static void Measure(string name, string a, string b)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var diff = TextDiffer.Diff(a, b, CancellationToken.None);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine(FormattableString.Invariant(
            $"{name,-36} {elapsed,9:0} ms  {diff.Changes,6} changes  {diff.HunkCount,6} hunks ({diff.Hunks.Count} listed)  allocated {allocated / 1e6,7:0.0} MB  peak RSS {ProcessMemory.PeakResidentBytes / 1e6:0} MB"));
        foreach (var note in diff.Notes.Distinct().Take(3))
        {
            Console.WriteLine($"    note: {note}");
        }
    }

    /// <summary>Seeded English-like prose: sentences of 8–30 words, paragraphs of 2–6 sentences, one per line.</summary>
    private static string Prose(int characters, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(characters + 400);
        while (text.Length < characters)
        {
            var sentences = random.Next(2, 7);
            for (var s = 0; s < sentences; s++)
            {
                var words = random.Next(8, 31);
                for (var w = 0; w < words; w++)
                {
                    var word = Words[random.Next(Words.Length)];
                    text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == words - 1 ? ". " : " ");
                }
            }

            text.Length--;
            text.Append('\n');
        }

        return text.ToString();
    }
}
