using Archive.Core.Storage;
using System.Globalization;
using Archive.Core.Catalog;
using Archive.Core.Versions;

namespace Archive.Cli.Commands;

/// <summary>Prints a <see cref="VersionDiff"/> for a terminal: word changes marked <c>[-…-]</c> and <c>{+…+}</c>, in colour when asked.</summary>
internal sealed class DiffPrinter(TextWriter output, bool colour)
{
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Cyan = "\u001b[36m";
    private const string Reset = "\u001b[0m";

    public void Print(VersionDiff result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Text;
        output.WriteLine($"From {Label(result.From)}, {text.OldLength:N0} code points");
        output.WriteLine($"  to {Label(result.To)}, {text.NewLength:N0} code points");
        foreach (var note in result.Notes.Concat(text.Notes))
        {
            output.WriteLine($"note: {TerminalSafeWriter.Clean(note)}");
        }

        output.WriteLine(text.Identical
            ? "The texts are identical."
            : $"{text.Changes:N0} change(s) in {text.HunkCount:N0} hunk(s): {text.WordsRemoved:N0} word(s) removed, {text.WordsAdded:N0} added.");
        foreach (var hunk in text.Hunks)
        {
            output.WriteLine();
            output.WriteLine(Paint(Cyan, $"@@ {Range(result.From, hunk.OldStart, hunk.OldEnd)} · {Range(result.To, hunk.NewStart, hunk.NewEnd)} @@"));
            var line = new System.Text.StringBuilder();
            var first = hunk.Segments[0];
            if (first.Kind == EditKind.Same && first.Text.Length > 0 && first.OldStart > 0)
            {
                line.Append('…');
            }

            foreach (var segment in hunk.Segments)
            {
                line.Append(Segment(segment));
            }

            var last = hunk.Segments[^1];
            if (last.Kind == EditKind.Same && last.OldEnd < text.OldLength && !last.Text.EndsWith('\n'))
            {
                line.Append('…');
            }

            output.WriteLine(line.ToString().TrimEnd('\n'));
        }

        PrintCitations(result);
    }

    private void PrintCitations(VersionDiff result)
    {
        output.WriteLine();
        if (result.CitationsChecked == 0)
        {
            output.WriteLine($"No recorded pack quotes {Short(result.From)}.");
            return;
        }

        var counts = string.Join(", ", result.Citations.GroupBy(c => c.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Name(g.Key)}"));
        output.WriteLine($"Citations of {Short(result.From)} in recorded packs, looked up in {Short(result.To)}: {result.CitationsChecked} ({counts})");
        foreach (var c in result.Citations.OrderByDescending(c => c.Status).ThenBy(c => c.PackId, StringComparer.Ordinal).ThenBy(c => c.N))
        {
            var status = Name(c.Status).PadRight(9);
            var painted = c.Status switch
            {
                CitationDriftStatus.Exact => status,
                CitationDriftStatus.Moved => Paint(Cyan, status),
                _ => Paint(Red, status),
            };
            output.WriteLine($"  {painted}  {c.PackId} #{c.N} ({TerminalSafeWriter.Clean(c.PackTitle)}), was {c.Start}–{c.End}");
            output.WriteLine($"             \"{Clip(c.Quote)}\"");
            output.WriteLine($"             {TerminalSafeWriter.Clean(c.Message)}");
            if (c.Nearest is { } nearest && c.Status == CitationDriftStatus.Changed)
            {
                output.WriteLine($"             nearest now, {nearest.Start}–{nearest.End}: \"{Clip(nearest.Exact)}\"");
            }
        }
    }

    private string Segment(DiffSegment segment)
    {
        var shown = TerminalSafeWriter.Clean(segment.Kind == EditKind.Same ? segment.Text : segment.Text.Replace("\n", "↵", StringComparison.Ordinal));
        if (segment.Truncated)
        {
            var total = segment.Kind == EditKind.Added ? segment.NewEnd - segment.NewStart : segment.OldEnd - segment.OldStart;
            shown += string.Create(CultureInfo.InvariantCulture, $"… ({total:N0} code points in all)");
        }

        return segment.Kind switch
        {
            EditKind.Removed => Paint(Red, "[-" + shown + "-]"),
            EditKind.Added => Paint(Green, "{+" + shown + "+}"),
            _ => shown,
        };
    }

    private string Paint(string code, string text) => colour ? code + text + Reset : text;

    private static string Name(CitationDriftStatus status) => status.ToString().ToLowerInvariant();

    private static string Clip(string text) => TerminalSafeWriter.Clean(text.Length <= 200 ? text : text[..200] + "…");

    private static string Short(CaptureSummary capture) => capture.Id.Short;

    private static string Label(CaptureSummary capture) =>
        TerminalSafeWriter.Clean($"{capture.Slug} v{capture.Version} ({Short(capture)}, {capture.IngestedAt}){(capture.Title is { } title ? ": " + title : string.Empty)}");

    private static string Range(CaptureSummary capture, int start, int end) => $"v{capture.Version} {start}–{end}";
}
