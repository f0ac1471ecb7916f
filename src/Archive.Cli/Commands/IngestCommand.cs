using Archive.Core.Storage;
using Archive.Core.Metadata;
using System.CommandLine;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive ingest PATH...</c>: archive files and folders with hashes and provenance.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.OneOrMore, Description = "Files or folders (folders are read recursively; *.meta.json sidecars are read with their file)" };
        var meta = new Option<string[]>("--meta") { Description = "Metadata for every file, key=value; repeat for more. A sidecar NAME.meta.json overrides it", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var ocr = new Option<string>("--ocr") { Description = "When to OCR: auto (images, and PDF pages without a text layer), always (every image and PDF page), never", DefaultValueFactory = _ => "auto", HelpName = "auto|always|never" };
        ocr.AcceptOnlyFromAmong("auto", "always", "never");
        var ocrLang = new Option<string?>("--ocr-lang") { Description = $"Tesseract languages joined by '+', like ara+eng. Default: from the language metadata, else the script Tesseract detects, else {OcrOptions.DefaultLanguages}", HelpName = "LANGS" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("ingest", """
            Archive files: .txt .md .html .htm .pdf .docx, and images .png .jpg .jpeg .tif .tiff .webp (read by OCR,
            as are PDF pages without a text layer). Each original is stored under blobs/ named by its SHA-256
            and never changed; its canonical text (UTF-8, NFC, \n) is stored and hashed too. Metadata comes from a
            sidecar NAME.meta.json (highest precedence), then --meta, then the document itself; the origin of every
            field is recorded. Identical bytes are not stored twice: the result is 'duplicate' and the new path is
            logged. A signed checkpoint is written after the batch.

            Examples:
              archive ingest archive/sources
              archive ingest report.pdf --meta publisher="Rudaw" --meta source_type=report --meta reliability=B2
              archive ingest letter.jpg --ocr-lang ara+eng
            """)
        {
            paths, meta, ocr, ocrLang, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var request = new IngestRequest(parse.GetValue(paths) ?? [], MetadataInput.Fields(MetadataInput.ParsePairs(parse.GetValue(meta), "--meta"), FieldOrigin.Cli, "--meta "), cli.Agent)
            {
                Ocr = new OcrOptions(Enum.Parse<OcrMode>(parse.GetValue(ocr)!, ignoreCase: true), parse.GetValue(ocrLang)),
            };
            var ingestor = cli.Archive.Ingestor;
            var asJson = parse.GetValue(json);

            // Piped output names each document once it is committed, so a reader (or a crash test) sees exactly what is durable.
            var streamed = !cli.Interactive && !asJson;
            var outcomes = ProgressBar.Run<IngestProgress, IReadOnlyList<IngestOutcome>>(
                cli, asJson, "ingesting", Measure, progress => ingestor.Ingest(request, progress, streamed ? o => cli.Out.WriteLine(Line(o)) : null, cancel));

            var summary = IngestSummaryJson.From(outcomes);
            if (asJson)
            {
                cli.WriteJson(new IngestJson(summary, outcomes));
            }
            else
            {
                foreach (var o in outcomes)
                {
                    if (o.Status is IngestStatus.Rejected or IngestStatus.Skipped)
                    {
                        cli.Err.WriteLine($"{(o.Status == IngestStatus.Rejected ? "rejected" : "skipped"),-9}  {TerminalSafeWriter.OneLine(o.Path)}: {o.Reason}");
                    }
                    else if (o.Note is not null)
                    {
                        cli.Err.WriteLine($"note       {TerminalSafeWriter.OneLine(o.Path)}: {o.Note}");
                    }

                    if (o.Status is IngestStatus.Ingested or IngestStatus.Duplicate && !streamed)
                    {
                        cli.Out.WriteLine(Line(o));
                    }
                }

                var skipped = summary.Skipped > 0 ? $", {summary.Skipped} skipped" : string.Empty;
                cli.Out.WriteLine($"{summary.Ingested} ingested, {summary.Duplicate} duplicate, {summary.Rejected} rejected{skipped}");
            }

            return summary.Rejected > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;
        }, token)));
        return command;
    }

    // Files count 1,000 each; a file being OCRed advances the bar page by page.
    private static (long Done, long Total) Measure(IngestProgress p) =>
        (p.Done * 1000L + (p.Pages is { Total: > 0 } pages ? pages.Done * 1000L / pages.Total : 0), p.Total * 1000L);

    private static string Line(IngestOutcome o)
    {
        var version = o.SourceVersion > 1 ? $" (version {o.SourceVersion})" : string.Empty;
        return $"{(o.Status == IngestStatus.Ingested ? "ingested " : "duplicate")}  {o.CaptureId?.Short}  {o.Slug}{version}  {TerminalSafeWriter.OneLine(o.Path)}";
    }
}
