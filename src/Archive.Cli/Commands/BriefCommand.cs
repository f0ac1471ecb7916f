using Archive.Core;
using System.CommandLine;
using Archive.Core.Briefings;
using Archive.Core.Citations;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive brief FILE [-o PDF]</c> builds a briefing pack; <c>archive brief check FILE</c> only resolves citations.</summary>
internal static class BriefCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE") { Description = "The brief: Markdown with YAML front matter and [@ID \"quote\"] citations", Arity = ArgumentArity.ZeroOrOne };
        var fromSearch = new Option<string?>("--from-search") { Description = "Instead of FILE: build a reading pack from the top passages for this search query", HelpName = "QUERY" };
        var title = new Option<string?>("--title") { Description = "Title of a --from-search pack", HelpName = "T" };
        var top = new Option<int>("--top") { Description = "Passages in a --from-search pack", DefaultValueFactory = _ => 10 }.Between(1, 1000);
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the PDF (default: ARCHIVE/packs/NAME-PACKID.pdf); the manifest and signature go beside it", HelpName = "PDF" };
        var templates = new Option<string?>("--templates") { Description = $"Folder with pack.html and pack.css (default: ./templates or above, or ${PackBuilder.TemplatesVariable})", HelpName = "DIR" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("brief", $"""
            Build a briefing pack: resolve every [@ID "quote"] citation against the archive (ID is a capture hash
            prefix of 8+ hex digits or a source slug; add #N to pick occurrence N), render templates/pack.html and
            pack.css, print them to PDF with headless Chromium, and write NAME.manifest.json and its signature
            NAME.manifest.json.sig beside the PDF. The pack is recorded in the catalog with a cited-in-pack event per
            source. If any citation is ambiguous or not found, every problem is listed as FILE:LINE:COL with the
            occurrences or nearest candidates, and nothing is rendered (exit 8).

            JSON (--json): {"{"}"ok", "pack_id", "pdf", "manifest", "signature", "pdf_sha256", "body_sha256",
            "citations": [...], "problems": [...], "seconds"{"}"}

            {ExitCodes.Help}

            Examples:
              archive brief templates/briefing.md -o out/hasakah.pdf
              archive brief check templates/briefing.md
              archive verify-pack out/hasakah.pdf
              archive brief --from-search 'daesh AND prison' --title "Prison attacks" --top 12 -o out/reading.pdf
            """)
        {
            file, output, templates, json, fromSearch, title, top,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var builder = cli.Archive.PackBuilder(new ChromiumPdfPrinter(), parse.GetValue(templates));
            var progress = cli.Interactive && !parse.GetValue(json) ? new Progress<PackProgress>(p => ReportProgress(cli, p)) : null;
            var pdf = parse.GetValue(output) is { } given ? PathInput.File(given, "--output") : null;
            // Checked before a reading brief is written beside it. (The brief itself given as the output is told below.)
            var named = parse.GetValue(file);
            if (pdf is not null && !pdf.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) && (named is null || !SamePath(pdf, named)))
            {
                // Its manifest and signature are named from it, and verify-pack looks for them by the same rule.
                throw new CliException(ExitCodes.Usage, $"--output {pdf}: name the pack's file with .pdf, e.g. {Path.ChangeExtension(pdf, null)}.pdf");
            }

            var briefPath = BriefPath(cli, parse.GetValue(file), parse.GetValue(fromSearch), parse.GetValue(title), parse.GetValue(top), pdf, cancel);
            if (pdf is not null && SamePath(pdf, briefPath))
            {
                throw new CliException(ExitCodes.Usage, $"{pdf} is the brief itself: write the pack to another file");
            }

            var result = builder.Build(briefPath, pdf, cli.Agent, progress, cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(BriefBuildJson.From(result));
            }
            else if (result.IsBuilt)
            {
                WriteWarnings(cli, result.Check);
                cli.Out.WriteLine($"pack {result.PackId}: {result.Check.Citations.Count} citations from {result.Check.Sources.Count} sources in {result.Elapsed.TotalSeconds:0.0} s");
                cli.Out.WriteLine($"  pdf       {result.PdfPath}");
                cli.Out.WriteLine($"  manifest  {result.ManifestPath}");
                cli.Out.WriteLine($"  signature {result.SignaturePath}");
                cli.Out.WriteLine($"verify with: archive verify-pack {result.PdfPath}");
            }
            else
            {
                WriteProblems(cli, result.Check);
            }

            return result.IsBuilt ? ExitCodes.Ok : ExitCodes.CitationProblems;
        }, token)));
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    /// <summary>The brief to build: FILE, or a reading-pack brief written from a search beside the output.</summary>
    private static string BriefPath(CliContext cli, string? file, string? query, string? title, int top, string? output, CancellationToken cancel)
    {
        if ((file is null) == (query is null))
        {
            throw new CliException(ExitCodes.Usage, "give either a brief FILE or --from-search QUERY (with --title)");
        }

        if (query is null)
        {
            return file!;
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            throw new CliException(ExitCodes.Usage, "--from-search needs --title, the pack's title");
        }

        var (path, count) = SearchBriefWriter.WriteReadingBrief(
            cli.Archive.Searcher, query, title, top, cli.Agent, cli.Clock.GetUtcNow(), cli.Archive.Layout.PacksPath, output, cancel);
        if (count == 0)
        {
            throw new CliException(ExitCodes.NotFound, $"no passages match {query}; nothing to put in a pack");
        }

        cli.Err.WriteLine($"wrote {count} passages to {path}");
        return path;
    }

    private static Command CreateCheck()
    {
        var file = new Argument<string>("FILE") { Description = "The brief to check" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("check", $"""
            Resolve every citation in a brief against the archive without rendering anything. Problems are listed
            as FILE:LINE:COL: message, with every occurrence of an ambiguous quote and the nearest candidates for
            a quote that is not found.

            {ExitCodes.Help}

            Example:
              archive brief check templates/briefing.md --json
            """)
        {
            file, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var check = cli.Archive.PackBuilder(new ChromiumPdfPrinter()).Check(parse.GetValue(file)!, null, cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(BriefReport.From(check, showPaths: true));
            }
            else
            {
                WriteWarnings(cli, check);
                WriteProblems(cli, check);
                if (check.IsOk)
                {
                    cli.Out.WriteLine($"{check.Brief.Path}: {check.Citations.Count} citations resolve ({check.Citations.Count(c => c.Resolution.Status == PassageStatus.Normalized)} normalized) across {check.Sources.Count} sources");
                }
            }

            return check.IsOk ? ExitCodes.Ok : ExitCodes.CitationProblems;
        }, token)));
        return command;
    }

    private static void ReportProgress(CliContext cli, PackProgress p) =>
        cli.Err.Write(p.Total > 0 ? $"\r{p.Stage} {p.Done}/{p.Total}   " : $"\r{p.Stage}…            ");

    private static void WriteWarnings(CliContext cli, BriefCheck check)
    {
        foreach (var warning in check.Warnings)
        {
            cli.Err.WriteLine($"{warning.File}:{warning.Line}:{warning.Column}: warning: {warning.Message}");
        }
    }

    private static void WriteProblems(CliContext cli, BriefCheck check)
    {
        foreach (var problem in check.Problems)
        {
            cli.Err.WriteLine(problem.ToString());
            if (problem.Resolution is not { } r)
            {
                continue;
            }

            var n = 0;
            foreach (var o in r.Occurrences)
            {
                cli.Err.WriteLine($"    occurrence #{++n} at [{o.Start}, {o.End}): …{OneLine(o.Prefix)}[{OneLine(o.Exact)}]{OneLine(o.Suffix)}…");
            }

            if (r.OccurrenceCount > r.Occurrences.Count)
            {
                cli.Err.WriteLine($"    … and {r.OccurrenceCount - r.Occurrences.Count} more ({r.OccurrenceCount} in all)");
            }

            foreach (var c in r.Candidates)
            {
                cli.Err.WriteLine($"    nearest ({c.Score:P0} of the words) at [{c.Passage.Start}, {c.Passage.End}): \"{OneLine(c.Passage.Exact)}\"");
            }

            if (r.Status == PassageStatus.NotFound && r.Candidates.Count == 0 && r.OccurrenceCount == 0)
            {
                cli.Err.WriteLine("    no passage shares enough words with the quote");
            }
        }

        if (check.Problems.Count > 0)
        {
            cli.Err.WriteLine($"{check.Problems.Count} problem(s); nothing was rendered");
        }
    }

    private static string OneLine(string text) => text.Replace('\n', ' ');
}
