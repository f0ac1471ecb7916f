using System.Globalization;
using System.Text;
using Archive.Core.Tools;

namespace Archive.Core.Briefings;

/// <summary>
/// The characters the installed fonts can draw, as fontconfig lists them (<c>fc-list</c>), which is where headless
/// Chromium finds its fonts. A character none of them has prints as an empty box, although the PDF's text still holds
/// it (so <c>pdftotext</c> and <c>verify-pack</c> find the quote, while a reader of the page sees boxes).
/// </summary>
internal sealed class FontCoverage
{
    private readonly (int First, int Last)[] _ranges;

    private FontCoverage((int First, int Last)[] ranges) => _ranges = ranges;

    /// <summary>The installed fonts' coverage, or null when fontconfig cannot say (then nothing is checked).</summary>
    public static FontCoverage? Installed(CancellationToken cancellationToken)
    {
        ToolResult result;
        try
        {
            result = ExternalTool.Run("fc-list", ["--format", "%{charset}\n"], "fontconfig", TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (ArchiveException)
        {
            return null;
        }

        return result.ExitCode == 0 ? Parse(Encoding.UTF8.GetString(result.StandardOutput)) : null;
    }

    /// <summary>Parses fontconfig charsets, one font a line: hexadecimal code points and ranges (<c>20-7e a0 …</c>).</summary>
    public static FontCoverage? Parse(string charsets)
    {
        ArgumentNullException.ThrowIfNull(charsets);
        var ranges = new List<(int First, int Last)>();
        foreach (var item in charsets.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? item : item[..dash];
            var last = dash < 0 ? item : item[(dash + 1)..];
            if (int.TryParse(first, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(last, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var to) && from <= to)
            {
                ranges.Add((from, to));
            }
        }

        if (ranges.Count == 0)
        {
            return null;
        }

        ranges.Sort();
        var merged = new List<(int First, int Last)> { ranges[0] };
        foreach (var (first, last) in ranges.Skip(1))
        {
            if (first <= merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }

        return new FontCoverage([.. merged]);
    }

    public bool Covers(int codePoint)
    {
        var (low, high) = (0, _ranges.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < _ranges[middle].First)
            {
                high = middle - 1;
            }
            else if (codePoint > _ranges[middle].Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The distinct characters of <paramref name="text"/> no installed font draws, in order of first appearance, at most
    /// <paramref name="limit"/>. Spaces, controls and invisible format characters (joiners, bidi marks, variation
    /// selectors) are not drawn as glyphs of their own and are not counted.
    /// </summary>
    public IReadOnlyList<Rune> Missing(string text, int limit = 5)
    {
        ArgumentNullException.ThrowIfNull(text);
        var missing = new List<Rune>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (missing.Count >= limit)
            {
                break;
            }

            if (Drawn(rune) && !Covers(rune.Value) && !missing.Contains(rune))
            {
                missing.Add(rune);
            }
        }

        return missing;
    }

    private static bool Drawn(Rune rune) =>
        !Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune)
        && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.Surrogate)
        && rune.Value is not ((>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF));

    /// <summary>How a list of characters is named in a message: <c>U+96BE 难, U+6C11 民</c>.</summary>
    public static string Name(IEnumerable<Rune> runes) =>
        string.Join(", ", runes.Select(r => string.Create(CultureInfo.InvariantCulture, $"U+{r.Value:X4} {r}")));
}
