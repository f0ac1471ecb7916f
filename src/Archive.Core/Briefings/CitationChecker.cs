using Archive.Core.Storage;
using System.Security.Cryptography;
using System.Text;
using Archive.Core.Catalog;
using Archive.Core.Citations;

namespace Archive.Core.Briefings;

/// <summary>
/// Resolves a brief's citations against the archive. Each capture's text is read once, re-hashed against the catalog's
/// text digest, and kept with its resolver, so thousands of citations cost one read per source.
/// </summary>
internal sealed class CitationChecker(ArchiveDatabase database, ContentStore store)
{
    /// <summary>
    /// Characters of listed occurrences and candidates in one check. Past it, problems keep their counts but list no
    /// passages, so the answer to a 1 MB brief stays bounded however often its quotes occur.
    /// </summary>
    public const int ListingBudget = 256 * 1024;

    private readonly CatalogReader _reader = new(database, store);
    private readonly Dictionary<string, IdResolution> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<CaptureId, (CaptureDetail Detail, PassageResolver? Resolver, string? Error)> _captures = [];

    public BriefCheck Check(BriefDocument brief, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var problems = new List<BriefProblem>(brief.Problems);
        var budget = ListingBudget;
        var resolved = new List<ResolvedCitation>(brief.Citations.Count);
        using var connection = database.Open();
        foreach (var citation in brief.Citations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(citation.Number);
            if (citation.Occurrence is < 1)
            {
                // The parser has said so at this place already.
                continue;
            }

            var problem = Resolve(connection, brief.Path, citation, out var result);
            if (problem is not null)
            {
                problems.Add(WithinBudget(problem, ref budget));
            }
            else
            {
                resolved.Add(result!);
            }
        }

        var withdrawn = Withdrawn(brief.Path, resolved);
        var checkedBrief = withdrawn.Count == 0 ? brief : brief with { Warnings = [.. brief.Warnings.Concat(withdrawn).OrderBy(w => w.Line).ThenBy(w => w.Column)] };
        return new BriefCheck(checkedBrief, resolved, problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList());
    }

    /// <summary>
    /// A warning at the first citation of each withdrawn source: its quotes still verify and the pack builds, but
    /// whoever cites it should know that it was withdrawn, when, by whom and why.
    /// </summary>
    private static List<BriefProblem> Withdrawn(string file, IEnumerable<ResolvedCitation> resolved) =>
        [.. resolved
            .DistinctBy(c => c.Capture.Capture.Id)
            .Where(c => c.Capture.Withdrawal is not null)
            .Select(c => new BriefProblem(file, c.Citation.Line, c.Citation.Column,
                $"{c.Capture.Capture.Id.Short} ({c.Capture.Capture.Slug}) was {c.Capture.Withdrawal}; its quotes still verify, but searches leave it out", c.Citation))];

    private static BriefProblem WithinBudget(BriefProblem problem, ref int budget)
    {
        if (problem.Resolution is not { } r)
        {
            return problem;
        }

        var size = r.Occurrences.Sum(Size) + r.Candidates.Sum(c => Size(c.Passage));
        if (size <= budget)
        {
            budget -= size;
            return problem;
        }

        budget = 0;
        return problem with { Resolution = r with { Occurrences = [], Candidates = [] } };

        static int Size(Passage p) => p.Exact.Length + p.Prefix.Length + p.Suffix.Length;
    }

    private BriefProblem? Resolve(Microsoft.Data.Sqlite.SqliteConnection connection, string file, BriefCitation citation, out ResolvedCitation? result)
    {
        result = null;
        if (!_ids.TryGetValue(citation.Id, out var id))
        {
            id = CatalogReader.Resolve(connection, citation.Id);
            _ids[citation.Id] = id;
        }

        if (id.Capture is null)
        {
            return new BriefProblem(file, citation.Line, citation.Column, $"unknown source id '{citation.Id}': {id.Error}", citation);
        }

        var (detail, resolver, error) = Capture(id.Capture);
        if (resolver is null)
        {
            return new BriefProblem(file, citation.Line, citation.Column, error!, citation);
        }

        // No archived text holds such a stack (ingest refuses it), and normalizing the quote would take minutes.
        var stacked = Text.UnicodeForms.LongestCombiningRun(citation.Quote);
        if (stacked > Ingestion.CanonicalText.MaxCombiningRun)
        {
            return new BriefProblem(file, citation.Line, citation.Column, $"the quote stacks {stacked:N0} combining marks on one character (at most {Ingestion.CanonicalText.MaxCombiningRun:N0}); no archived text does", citation);
        }

        var resolution = resolver.Resolve(citation.Quote, citation.Occurrence);
        var shortId = detail.Capture.Id.Short;
        if (!resolution.IsResolved)
        {
            var what = resolution.Status switch
            {
                PassageStatus.Ambiguous => "ambiguous",
                _ => "not found",
            };
            return new BriefProblem(file, citation.Line, citation.Column, $"quote {what} in {shortId} ({detail.Capture.Slug}): {resolution.Message}", citation, resolution);
        }

        var passage = resolution.Passage!;
        var (before, after) = resolver.Context(passage);
        int? page = detail.PageStarts.Count > 0 ? Math.Max(1, detail.PageStarts.Count(p => p <= passage.Start)) : null;
        result = new ResolvedCitation(citation, detail, resolution, resolver.ParagraphAt(passage.Start), page, before, after);
        return null;
    }

    private (CaptureDetail Detail, PassageResolver? Resolver, string? Error) Capture(CaptureSummary summary)
    {
        if (_captures.TryGetValue(summary.Id, out var cached))
        {
            return cached;
        }

        var detail = _reader.Show(summary.Id) ?? throw new InvalidOperationException($"capture {summary.Id} vanished while reading");
        var path = store.PathFor(Storage.Sha256Digest.Parse(summary.TextSha256));
        (CaptureDetail, PassageResolver?, string?) entry;
        if (!File.Exists(path))
        {
            entry = (detail, null, $"the text of {summary.Id.Short} is missing from the blob store ({path})");
        }
        else
        {
            var bytes = File.ReadAllBytes(path);
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var expected = Storage.Sha256Digest.Parse(summary.TextSha256).Hex;
            entry = string.Equals(actual, expected, StringComparison.Ordinal)
                ? (detail, new PassageResolver(Encoding.UTF8.GetString(bytes), summary.Id, summary.TextSha256), null)
                : (detail, null, $"the text of {summary.Id.Short} has changed since ingest (sha256 {actual[..12]}, expected {expected[..12]}); run `archive verify`");
        }

        _captures[summary.Id] = entry;
        return entry;
    }
}
