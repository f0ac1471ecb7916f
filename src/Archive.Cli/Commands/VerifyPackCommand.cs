using Archive.Core.Storage;
using Archive.Core;
using System.CommandLine;
using Archive.Core.Briefings;
using Archive.Core.Ingestion;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive verify-pack PDF|MANIFEST</c>: checks a briefing pack against the archive, per citation.</summary>
internal static class VerifyPackCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PDF|MANIFEST") { Description = "The pack's PDF, or its NAME.manifest.json" };
        var json = GlobalOptions.JsonOption();
        var tsaCert = new Option<string>("--tsa-cert") { Description = "Check the pack's time stamp against these TSA certificates (PEM) instead of those the archive keeps with the token", HelpName = "PEM" };
        var command = new Command("verify-pack", $"""
            Check a briefing pack. The manifest and its .sig beside the PDF are used if present, else the copies
            embedded in the PDF as attachments (the "manifest" check says which), so the PDF alone is enough.
            Checks: the PDF as printed (its first pdf.bytes bytes; after them only the embedded manifest and
            signature) against the manifest's SHA-256, the manifest's signature (archive key)
            and body digest, the catalog's record of the pack, and for every citation that it still resolves to
            the same passage in a capture and text whose blobs re-hash to the recorded digests, and that the quoted
            passage appears in the PDF's text (pdftotext, whitespace and line-end hyphens folded). When the manifest
            names a time stamp: that the archive holds that TSA's token over that checkpoint, that it verifies
            (under --tsa-cert when given) and carries the time the manifest names, and that the checkpoint's
            events rebuild its root and hold every cited source's ingest and text.
            Exit 0 only if everything holds.

            JSON (--json): {"{"}"ok", "pack_id", "manifest", "pdf", "checks": [{"{"}"name", "ok", "detail"{"}"}],
            "citations": [{"{"}"number", "capture", "title", "start", "end", "exact", "resolves", "in_pdf", "problems"{"}"}]{"}"}

            {ExitCodes.Help}

            Example:
              archive verify-pack archive/packs/briefing-pack-1a2b3c4d5e6f.pdf
            """)
        {
            path, tsaCert, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            PackVerification report;
            var file = parse.GetValue(path)!;
            if (!File.Exists(file))
            {
                throw new CliException(Directory.Exists(file) ? ExitCodes.Usage : ExitCodes.NotFound, Directory.Exists(file) ? $"{file} is a folder: name the pack's PDF (or its manifest)" : $"file not found: {file}");
            }

            try
            {
                report = cli.Archive.PackVerifier.Verify(file, parse.GetValue(tsaCert), cancel);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.Unreadable)
            {
                throw new CliException(ExitCodes.Error, ex.Message);
            }

            if (parse.GetValue(json))
            {
                cli.WriteJson(PackVerificationJson.From(report));
                return report.IsOk ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
            }

            foreach (var c in report.Checks)
            {
                cli.Out.WriteLine($"{(c.Ok ? "ok" : "FAILED"),-7} {c.Name,-10} {c.Detail}");
            }

            foreach (var c in report.Citations)
            {
                cli.Out.WriteLine($"{(c.Ok ? "ok" : "FAILED"),-7} {"[" + c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]",-9} {Sha256Digest.Parse(c.Capture).Short} [{c.Start}, {c.End}) {c.Title}");
                foreach (var problem in c.Problems)
                {
                    cli.Out.WriteLine($"               {problem}");
                }
            }

            cli.Out.WriteLine(report.IsOk ? $"verify-pack: OK ({report.Citations.Count} citations)" : "verify-pack: PROBLEMS FOUND");
            return report.IsOk ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }
}
