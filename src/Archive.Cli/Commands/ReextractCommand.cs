using System.CommandLine;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Ocr;
using Archive.Core.Storage;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive reextract ID...</c>: a new text for archived captures from their unchanged originals.</summary>
internal static class ReextractCommand
{
    public static Command Create()
    {
        var ids = new Argument<string[]>("ID") { Arity = ArgumentArity.ZeroOrMore, Description = IdArgument.Help + "; several may be given" };
        var ocr = new Option<string>("--ocr") { Description = "When to OCR: auto (images, and PDF pages without a text layer), always (every image and PDF page), never", DefaultValueFactory = _ => "auto", HelpName = "auto|always|never" };
        ocr.AcceptOnlyFromAmong("auto", "always", "never");
        var ocrLang = new Option<string?>("--ocr-lang") { Description = $"Tesseract languages joined by '+', like ara+eng. Default: from the language metadata, else the script Tesseract detects, else {OcrOptions.DefaultLanguages}", HelpName = "LANGS" };
        var allStale = new Option<bool>("--all-stale") { Description = "Also every capture with no text although its original is a PDF or an image (ingested with --ocr never, say)" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("reextract", """
            Make a new canonical text for archived captures from their unchanged originals: OCR in other
            languages, OCR a PDF ingested with --ocr never, or a newer extractor. The original is re-hashed first;
            the new text is stored and recorded by a new signed text-extracted event with the run's tool versions
            and settings. The earlier text stays in the store and the log: `verify` still checks it, packs that
            cite it still verify, and `archive text ID --text HASH` still reads it. Search follows the new text.
            A run that makes a byte-identical text records nothing ('unchanged'). Web captures are not
            re-extracted: their text is the page as the browser rendered it at capture time.

            Examples:
              archive reextract 8970b555c56b --ocr-lang ara+eng
              archive reextract letter-2022 report-2023 --ocr always
              archive reextract --all-stale
            """)
        {
            ids, ocr, ocrLang, allStale, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var request = new ReextractRequest(parse.GetValue(ids) ?? [], cli.Agent, parse.GetValue(allStale))
            {
                Ocr = new OcrOptions(Enum.Parse<OcrMode>(parse.GetValue(ocr)!, ignoreCase: true), parse.GetValue(ocrLang)),
            };
            var asJson = parse.GetValue(json);
            var outcomes = ProgressBar.Run<ReextractProgress, IReadOnlyList<ReextractOutcome>>(
                cli, asJson, "re-extracting", Measure, progress => cli.Archive.Reextractor.Reextract(request, progress, cancel));
            var summary = ReextractSummaryJson.From(outcomes);
            if (asJson)
            {
                cli.WriteJson(new ReextractJson(summary, outcomes));
            }
            else
            {
                foreach (var o in outcomes)
                {
                    Print(cli, o);
                }

                cli.Out.WriteLine($"{summary.Reextracted} re-extracted, {summary.Unchanged} unchanged, {summary.NotFound} not found, {summary.Unsupported} unsupported, {summary.Failed} failed");
            }

            return summary.NotFound > 0 ? ExitCodes.NotFound
                : summary.Unsupported + summary.Failed > 0 ? ExitCodes.SomeRejected
                : ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static void Print(CliContext cli, ReextractOutcome o)
    {
        var shortId = o.CaptureId?.Short ?? o.Id;
        switch (o.Status)
        {
            case ReextractStatus.Reextracted:
                cli.Out.WriteLine($"reextracted  {shortId}  text {Sha256Digest.Parse(o.PreviousText!).Short} -> {Sha256Digest.Parse(o.Text!).Short}  {o.Length} code points  event #{o.EventIndex}  {o.Extractor!.Name} {o.Extractor.Version} [{o.Extractor.Settings}]");
                break;
            case ReextractStatus.Unchanged:
                cli.Out.WriteLine($"unchanged    {shortId}  text {Sha256Digest.Parse(o.Text!).Short}: {o.Reason}");
                break;
            default:
                cli.Err.WriteLine($"{(o.Status == ReextractStatus.NotFound ? "not-found" : o.Status.ToString().ToLowerInvariant()),-12} {shortId}: {o.Reason}");
                break;
        }

        if (o.Note is not null)
        {
            cli.Err.WriteLine($"note         {shortId}: {o.Note}");
        }
    }

    // Captures count 1,000 each; a capture being OCRed advances the bar page by page.
    private static (long Done, long Total) Measure(ReextractProgress p) =>
        (p.Done * 1000L + (p.Pages is { Total: > 0 } pages ? pages.Done * 1000L / pages.Total : 0), p.Total * 1000L);
}
