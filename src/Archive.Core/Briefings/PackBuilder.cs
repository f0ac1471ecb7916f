using Archive.Core.Storage;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Provenance;

namespace Archive.Core.Briefings;

/// <summary>
/// Builds a briefing pack: parse the brief, resolve every citation (any problem stops the build and nothing is
/// rendered), render <c>templates/pack.html</c> + <c>pack.css</c>, print to PDF, write and sign the manifest, and record
/// the pack in the catalog with a cited-in-pack event per source and a signed checkpoint.
/// </summary>
public sealed class PackBuilder
{
    /// <summary>Names the folder holding pack.html and pack.css when it is not found next to the working directory.</summary>
    public const string TemplatesVariable = "ARCHIVE_TEMPLATES";

    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _log;
    private readonly PackCatalog _packs;
    private readonly string _packsDirectory;
    private readonly IPdfPrinter _printer;
    private readonly PackCropper? _cropper;
    private readonly BriefParser _parser = new();
    private string? _templatesDirectory;

    /// <param name="templatesDirectory">The folder with pack.html and pack.css; found with <see cref="LocateTemplates"/> on first use when null.</param>
    /// <param name="cropper">Draws the original page beside each quote from a PDF or an image; null for text-only notes.</param>
    internal PackBuilder(ArchiveDatabase database, ContentStore store, EventLog log, PackCatalog packs, string packsDirectory, IPdfPrinter printer, string? templatesDirectory = null, PackCropper? cropper = null)
    {
        _cropper = cropper;
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _packs = packs ?? throw new ArgumentNullException(nameof(packs));
        _packsDirectory = packsDirectory;
        _printer = printer ?? throw new ArgumentNullException(nameof(printer));
        _templatesDirectory = templatesDirectory;
    }

    public string TemplatesDirectory => _templatesDirectory ??= LocateTemplates();

    /// <summary>Finds templates/: <c>$ARCHIVE_TEMPLATES</c>, else a <c>templates</c> folder in or above the working directory or the program's folder.</summary>
    public static string LocateTemplates()
    {
        if (Environment.GetEnvironmentVariable(TemplatesVariable) is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "templates");
                if (File.Exists(Path.Combine(candidate, "pack.html")))
                {
                    return candidate;
                }
            }
        }

        throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"templates/pack.html not found in or above {Directory.GetCurrentDirectory()}; set {TemplatesVariable}");
    }

    /// <summary>Parses and resolves a brief without rendering anything.</summary>
    public BriefCheck Check(string briefPath, IProgress<PackProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var brief = _parser.ParseFile(briefPath);
        if (brief.Markdown is null)
        {
            return new BriefCheck(brief, [], brief.Problems);
        }

        var total = brief.Citations.Count;
        var counter = progress is null ? null : new CountProgress(n => progress.Report(new PackProgress("resolving", n, total)));
        var check = new CitationChecker(_database, _store).Check(brief, counter, cancellationToken);
        var boxes = Unprintable(check, briefPath, cancellationToken);
        return boxes.Count == 0 ? check : check with { Brief = check.Brief with { Warnings = [.. check.Brief.Warnings.Concat(boxes).OrderBy(w => w.Line).ThenBy(w => w.Column)] } };
    }

    /// <summary>
    /// Warnings for characters of the brief, and of the passages it quotes, that no installed font draws: they would
    /// print as empty boxes while the pack's text keeps them (so the pack still verifies). Each character is named once
    /// per line of the brief, at its first place there, or at the citation whose passage holds it.
    /// </summary>
    private static List<BriefProblem> Unprintable(BriefCheck check, string briefPath, CancellationToken cancellationToken)
    {
        var warnings = new List<BriefProblem>();
        if (FontCoverage.Installed(cancellationToken) is not { } fonts)
        {
            return warnings;
        }

        var named = new Dictionary<int, HashSet<Rune>>();
        void Warn(int line, int column, IReadOnlyList<Rune> runes, string where)
        {
            var fresh = runes.Where(r => (named.TryGetValue(line, out var seen) ? seen : named[line] = []).Add(r)).ToList();
            if (fresh.Count > 0)
            {
                var them = fresh.Count == 1 ? "it" : "them";
                warnings.Add(new BriefProblem(check.Brief.Path, line, column,
                    $"{where}{FontCoverage.Name(fresh)}: no installed font draws {them}, so the pack prints {them} as empty boxes although its text keeps {them}; {FontHint(fresh)}"));
            }
        }

        var lines = File.ReadAllText(briefPath).TrimStart('\uFEFF').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (fonts.Missing(lines[i]) is { Count: > 0 } missing)
            {
                var at = lines[i].IndexOf(missing[0].ToString(), StringComparison.Ordinal);
                Warn(i + 1, at + 1, missing, string.Empty); // in UTF-16 units, as the brief's other problems count columns
            }
        }

        foreach (var cited in check.Citations)
        {
            var passage = cited.Resolution.Passage!;
            if (fonts.Missing(cited.Before + passage.Exact + cited.After) is { Count: > 0 } missing)
            {
                Warn(cited.Citation.Line, cited.Citation.Column, missing, $"[{cited.Citation.Number}] the passage or its context holds ");
            }
        }

        return warnings;
    }

    private static string FontHint(IReadOnlyList<Rune> runes) =>
        runes.Any(r => r.Value is (>= 0x2E80 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF))
            ? "install fonts-noto-cjk (Chinese, Japanese, Korean)"
            : runes.Any(r => r.Value >= 0x1F000 || Rune.GetUnicodeCategory(r) == System.Globalization.UnicodeCategory.OtherSymbol)
                ? "install fonts-noto-color-emoji (emoji and symbols)"
                : "install a font for that script (on Debian, fonts-noto-extra has most)";

    /// <summary>Builds the pack, or returns the check with every problem if any citation does not resolve.</summary>
    public PackResult Build(string briefPath, string? pdfPath, string agent, IProgress<PackProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(briefPath);
        // The pack's manifest is signed with the archive key: without it, refuse before printing anything.
        _log.RequireSigner();
        var clock = Stopwatch.StartNew();
        var check = Check(briefPath, progress, cancellationToken);
        if (!check.IsOk)
        {
            return new PackResult(check, Elapsed: clock.Elapsed);
        }

        var crops = _cropper?.Make(check, progress, cancellationToken) ?? PackCrops.None;
        if (crops.Warnings.Count > 0)
        {
            check = check with { Brief = check.Brief with { Warnings = [.. check.Brief.Warnings, .. crops.Warnings] } };
        }

        var created = EventLog.FormatTime(_log.Clock.GetUtcNow());
        var (template, css, templateHashes) = ReadTemplates();
        var body = ManifestBody(check, templateHashes, created, agent, crops);
        var bodyDigest = PackManifest.BodyDigest(body.Body());
        var packId = PackManifest.PackIdFor(bodyDigest);
        var output = Path.GetFullPath(pdfPath ?? Path.Combine(_packsDirectory, $"{Path.GetFileNameWithoutExtension(briefPath)}-{packId}.pdf"));
        var outputDir = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(outputDir);

        progress?.Report(new PackProgress("rendering", 0, 0));
        var identity = new PackIdentity(packId, bodyDigest, _log.Signer.KeyId, created, agent, _log.ToolVersion, Path.GetFileName(output));
        var html = new PackHtmlWriter(_parser.Pipeline, template, css).Render(check, identity, crops);

        var manifestPath = PackManifest.PathFor(output);
        var signaturePath = PackManifest.SignaturePathFor(manifestPath);
        string pdfHex;
        byte[] manifestBytes;
        var work = Path.Combine(Path.GetTempPath(), $"archive-pack-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var htmlPath = Path.Combine(work, "pack.html");
            File.WriteAllText(htmlPath, html, new UTF8Encoding(false));
            var tempPdf = Path.Combine(work, "pack.pdf");
            progress?.Report(new PackProgress("printing", 0, 0));
            _printer.Print(htmlPath, tempPdf, cancellationToken);
            var front = check.Brief.FrontMatter!;
            if (Unprinted(check, tempPdf, packId, front.Marking, cancellationToken) is { Count: > 0 } unprinted)
            {
                // verify-pack would fail this pack: it is not written, and the brief's problems say which quotes.
                return new PackResult(check with { Problems = unprinted }, Elapsed: clock.Elapsed);
            }

            PdfDocumentInfo.Append(tempPdf,
            [
                new("Title", front.Title),
                new("Author", front.Author ?? agent),
                new("Subject", packId),
                new("Keywords", $"{packId}; briefing pack; {check.Citations.Count} citations"),
                new("Creator", $"{_log.ToolVersion} (headless Chromium)"),
                new("CreationDate", "D:" + created[..19].Replace("-", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal).Replace("T", string.Empty, StringComparison.Ordinal) + "Z"),
            ]);

            // The manifest records the PDF as printed; it then travels inside the PDF, appended after those bytes.
            progress?.Report(new PackProgress("signing", 0, 0));
            var pdfBytes = File.ReadAllBytes(tempPdf);
            pdfHex = Convert.ToHexStringLower(SHA256.HashData(pdfBytes));
            manifestBytes = body.Complete(Path.GetFileName(output), pdfHex, pdfBytes.LongLength, null);
            var signature = _log.Signer.Sign(manifestBytes);
            PdfAttachments.Append(tempPdf, PackManifest.Attachments(manifestBytes, signature, crops.Files));
            File.Copy(tempPdf, output, overwrite: true);
            File.WriteAllBytes(manifestPath, manifestBytes);
            File.WriteAllBytes(signaturePath, signature);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        var result = new PackResult(check, packId, output, manifestPath, signaturePath, "sha256:" + pdfHex, "sha256:" + bodyDigest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifestBytes)));
        var checkpoint = _packs.Record(result, agent, created);
        return result with { CheckpointSize = checkpoint, Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// The citations whose passage the printed PDF does not give back to <c>pdftotext</c>, as <c>verify-pack</c> reads it:
    /// a character no installed font has (an emoji without an emoji font, say) can print as a box or not at all.
    /// </summary>
    private static List<BriefProblem> Unprinted(BriefCheck check, string pdfPath, string packId, string? marking, CancellationToken cancellationToken)
    {
        var text = PdfTextMatcher.ExtractText(pdfPath, cancellationToken);
        var matcher = new PdfTextMatcher(text, packId, marking);
        var problems = new List<BriefProblem>();
        foreach (var cited in check.Citations)
        {
            var exact = cited.Resolution.Passage!.Exact;
            if (matcher.Contains(exact))
            {
                continue;
            }

            var missing = exact.EnumerateRunes().Where(r => r.Value > 0x7F && !Rune.IsWhiteSpace(r) && !text.Contains(r.ToString(), StringComparison.Ordinal)).Distinct().Take(5)
                .Select(r => $"U+{r.Value:X4} {r}").ToList();
            var why = missing.Count > 0
                ? $"{string.Join(", ", missing)} never appear{(missing.Count == 1 ? "s" : string.Empty)} in the printed text: no installed font may have {(missing.Count == 1 ? "it" : "them")} (emoji need fonts-noto-color-emoji; Chinese, Japanese and Korean fonts-noto-cjk)"
                : "its characters print, but not in this order";
            var citation = cited.Citation;
            problems.Add(new BriefProblem(check.Brief.Path, citation.Line, citation.Column, $"[{citation.Number}] the printed pack does not give this quote back (pdftotext), so verify-pack would fail it: {why}; no pack was written", citation));
        }

        return problems;
    }

    /// <summary>Renders the pack HTML for a checked brief without printing (used for previews and large-brief tests).</summary>
    public string RenderHtml(BriefCheck check, string agent)
    {
        ArgumentNullException.ThrowIfNull(check);
        var created = EventLog.FormatTime(_log.Clock.GetUtcNow());
        var (template, css, hashes) = ReadTemplates();
        var digest = PackManifest.BodyDigest(ManifestBody(check, hashes, created, agent, PackCrops.None).Body());
        var identity = new PackIdentity(PackManifest.PackIdFor(digest), digest, _log.Signer.KeyId, created, agent, _log.ToolVersion, "preview.pdf");
        return new PackHtmlWriter(_parser.Pipeline, template, css).Render(check, identity, PackCrops.None);
    }

    private (string Template, string Css, IReadOnlyDictionary<string, string> Hashes) ReadTemplates()
    {
        var htmlPath = Path.Combine(TemplatesDirectory, "pack.html");
        var cssPath = Path.Combine(TemplatesDirectory, "pack.css");
        if (!File.Exists(htmlPath) || !File.Exists(cssPath))
        {
            throw new ArchiveException(ArchiveErrorKind.RenderFailed, $"pack.html and pack.css must both be in {TemplatesDirectory}");
        }

        var html = File.ReadAllBytes(htmlPath);
        var css = File.ReadAllBytes(cssPath);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pack.html"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(html)),
            ["pack.css"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(css)),
        };
        return (Encoding.UTF8.GetString(html), Encoding.UTF8.GetString(css), hashes);
    }

    private PackManifest ManifestBody(BriefCheck check, IReadOnlyDictionary<string, string> templateHashes, string created, string agent, PackCrops crops)
    {
        var front = check.Brief.FrontMatter!;
        var sources = check.Sources.Select(s =>
        {
            var c = s.Capture;
            return new PackManifestSource(
                c.Id.Value, c.TextSha256, c.Slug, c.Title, c.Publisher, c.Published, c.CapturedAt, s.SourceUrl, c.SourceType, c.Language,
                s.Fields.TryGetValue("reliability", out var r) ? r.Display : null,
                c.MediaType, c.Size, c.IngestedAt, c.IngestAgent, $"{s.Extractor} {s.ExtractorVersion}");
        }).ToList();
        var citations = check.Citations.Select(c => new PackManifestCitation(
            c.Citation.Number, c.Citation.Id, c.Citation.Line, c.Citation.Column, c.Citation.Quote, c.Citation.Occurrence,
            c.Resolution.CaptureId.Value, c.Resolution.TextSha256, c.Passage.Start, c.Passage.End, c.Passage.Exact, c.Passage.Prefix, c.Passage.Suffix,
            c.Resolution.StatusName, c.Paragraph, c.Page, crops.ByCitation.GetValueOrDefault(c.Citation.Number)?[0].Manifest)
        {
            NextPageCrops = crops.ByCitation.GetValueOrDefault(c.Citation.Number) is { Count: > 1 } pages ? [.. pages.Skip(1).Select(p => p.Manifest)] : null,
        }).ToList();
        var brief = new PackManifestBrief(
            Path.GetFileName(check.Brief.Path), "sha256:" + check.Brief.Sha256, front.Title, front.Subtitle, front.Author, front.Date, front.Marking);
        var stamp = new TimestampService(_database, _log).Covering(sources.Select(s => s.Capture).ToList()) is { } covering
            ? new PackManifestTimestamp(covering.CheckpointSize, covering.CheckpointRoot, covering.Tsa, covering.GenTime!)
            : null;
        return new PackManifest(
            PackManifest.CurrentFormat, null, null, created, _log.ToolVersion, agent, "sha256:" + _log.Signer.KeyId, brief, templateHashes, sources, citations, null, stamp);
    }
}
