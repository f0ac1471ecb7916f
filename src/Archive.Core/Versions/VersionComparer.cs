using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Citations;

namespace Archive.Core.Versions;

/// <summary>
/// Compares two captures' texts (usually two versions of one source): a bounded word-level diff, and every citation in
/// a recorded pack that quotes the older capture, re-resolved in the newer text with the same
/// <see cref="PassageResolver"/> a pack build uses, so "exact" here means what it means in a pack.
/// </summary>
public sealed class VersionComparer(CatalogReader catalog, PackCatalog packs)
{
    /// <summary>The most citations a comparison lists.</summary>
    public const int MaxCitations = 1_000;

    /// <summary>A not-found quote counts as changed (rather than gone) when a passage holds at least this share of its words.</summary>
    public const double ChangedThreshold = 0.5;

    /// <summary>Diffs the text of <paramref name="from"/> against that of <paramref name="to"/> and re-resolves the citations of <paramref name="from"/>.</summary>
    public VersionDiff Compare(CaptureSummary from, CaptureSummary to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var oldText = catalog.ReadText(from);
        var newText = catalog.ReadText(to);
        var alignment = TextDiffer.Align(oldText, newText, cancellationToken);
        var diff = TextDiffer.Describe(alignment);
        var notes = new List<string>();
        var sameSource = string.Equals(from.Slug, to.Slug, StringComparison.Ordinal);
        if (!sameSource)
        {
            notes.Add($"these are captures of two different sources ({from.Slug} and {to.Slug}), not two versions of one");
        }

        if (from.Id == to.Id)
        {
            notes.Add("both ids name the same capture");
        }

        var (drifts, checkedCount) = Citations(from, alignment, to, notes, cancellationToken);
        return new VersionDiff(from, to, sameSource, diff, checkedCount, drifts, notes);
    }

    private (List<CitationDrift> Drifts, int Checked) Citations(
        CaptureSummary from, TextAlignment alignment, CaptureSummary to, List<string> notes, CancellationToken cancellationToken)
    {
        var drifts = new List<CitationDrift>();
        var count = 0;
        var oldResolver = new PassageResolver(alignment.OldText, from.Id, from.TextSha256);
        var newResolver = new PassageResolver(alignment.NewText, to.Id, to.TextSha256);
        foreach (var pack in packs.List(int.MaxValue, 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var manifest = ReadManifest(pack);
            if (manifest is null)
            {
                notes.Add($"pack {pack.Id}: its manifest {Path.GetFileName(pack.ManifestPath)} cannot be read, so its citations were not checked");
                continue;
            }

            foreach (var citation in manifest.Citations.Where(c => string.Equals(c.Capture, from.Id.Value, StringComparison.Ordinal)))
            {
                count++;
                if (drifts.Count < MaxCitations)
                {
                    drifts.Add(Drift(pack, citation, alignment, oldResolver, newResolver));
                }
            }
        }

        if (count > drifts.Count)
        {
            notes.Add($"only the first {drifts.Count} of {count} citations are listed");
        }

        return (drifts, count);
    }

    private static CitationDrift Drift(PackRecord pack, PackManifestCitation citation, TextAlignment alignment, PassageResolver oldResolver, PassageResolver newResolver)
    {
        var resolution = newResolver.Resolve(citation.Quote, citation.Occurrence);
        CitationDrift Make(CitationDriftStatus status, string message) =>
            new(pack.Id, pack.Title, citation.N, citation.Quote, citation.Start, citation.End, status, message);

        if (resolution.Passage is { } now)
        {
            var mapped = alignment.MapToNew(oldResolver.ToUtf16(citation.Start));
            var newStart = newResolver.ToUtf16(now.Start);
            return mapped == newStart
                ? Make(CitationDriftStatus.Exact, now.Start == citation.Start
                    ? "the quote is unchanged, at the same offsets"
                    : $"the quote is unchanged; it starts at {now.Start} now, not {citation.Start}") with { Now = now }
                : Make(CitationDriftStatus.Moved, $"the quote is still there ({resolution.StatusName}), but in another place: {now.Start}–{now.End}, was {citation.Start}–{citation.End}") with { Now = now };
        }

        if (resolution.Status == PassageStatus.Ambiguous)
        {
            return Make(CitationDriftStatus.Ambiguous, $"the quote now occurs {resolution.OccurrenceCount} times; the citation has to pick one") with { Occurrences = resolution.OccurrenceCount };
        }

        var nearest = resolution.Candidates.Count > 0 ? resolution.Candidates[0] : null;
        return nearest is not null && nearest.Score >= ChangedThreshold
            ? Make(CitationDriftStatus.Changed, $"the quote is no longer there word for word; the nearest passage holds {Percent(nearest.Score)} of its words") with { Nearest = nearest.Passage, NearestScore = nearest.Score }
            : Make(CitationDriftStatus.Gone, nearest is null
                ? "nothing like the quote is left in the newer text"
                : $"the quote is gone; the nearest passage holds only {Percent(nearest.Score)} of its words") with { Nearest = nearest?.Passage, NearestScore = nearest?.Score };
    }

    private static string Percent(double share) => FormattableString.Invariant($"{Math.Round(share * 100):0}%");

    private static PackManifest? ReadManifest(PackRecord pack)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(pack.ManifestPath)) is JsonObject json ? PackManifest.Read(json) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
