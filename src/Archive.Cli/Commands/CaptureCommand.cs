using System.CommandLine;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Cli.Commands;

/// <summary><c>archive capture URL...</c>: fetch web pages with Chromium and archive them as WARC, screenshot and rendered text.</summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var urls = new Argument<string[]>("URL") { Arity = ArgumentArity.ZeroOrMore, Description = "http URLs to capture" };
        var file = new Option<string?>("--urls") { Description = "A file of URLs, one a line (blank lines and lines starting with # are skipped)", HelpName = "FILE" };
        var meta = new Option<string[]>("--meta") { Description = "Metadata for every capture, key=value; repeat for more. Overrides what the page says", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<string>("--timeout") { Description = "Time limit per page, e.g. 30s, 2m (default 30s)", HelpName = "TIME", DefaultValueFactory = _ => "30s" };
        var allowPrivate = new Option<bool>("--allow-private-network") { Description = "Allow loopback, private and link-local addresses (refused by default, also after redirects)" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("capture", """
            Capture web pages as evidence. Each URL is loaded by headless Chromium in a fresh profile through Archive's
            recording proxy: every HTTP exchange is written, byte for byte as it went over the wire, to a WARC 1.1
            file, which is the capture's original (named by its SHA-256). A full-page PNG screenshot and the text of
            the rendered page are stored beside it and named in the capture's events; the text is what search and
            citations use. Title, authors and date come from the page, then --meta. Capturing a URL again makes a new
            version of the same source. A 404 or 500 is captured with a warning; a URL that cannot be fetched (a
            private address, a time-out, a redirect to file://) is refused and nothing is stored. Limits: 200 MB and
            1,000 resources per page, screenshots 20,000 px tall. Only plain http is recorded for now; https URLs are
            refused (see docs/capture.md).

            Examples:
              archive capture http://example.org/article --meta source_type=article
              archive capture --urls list.txt --timeout 60s
            """)
        {
            urls, file, meta, timeout, allowPrivate, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var all = (parse.GetValue(urls) ?? []).Concat(ReadUrlFile(parse.GetValue(file))).ToList();
            if (all.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, "give at least one URL, or --urls FILE");
            }

            var options = new CaptureOptions(CaptureOptions.ParseTimeout(parse.GetValue(timeout)!), parse.GetValue(allowPrivate));
            var request = new CaptureRequest(all, MetadataInput.Fields(MetadataInput.ParsePairs(parse.GetValue(meta), "--meta"), FieldOrigin.Cli, "--meta "), cli.Agent, options);
            var capturer = cli.Archive.Capturer;
            var asJson = parse.GetValue(json);
            var outcomes = ProgressBar.Run<Core.Ingestion.IngestProgress, IReadOnlyList<CaptureOutcome>>(
                cli, asJson, "capturing", p => (p.Done, p.Total), progress => capturer.CaptureAllAsync(request, progress, asJson ? null : o => Report(cli, o), cancel).GetAwaiter().GetResult());

            var report = CaptureReport.From(outcomes);
            if (asJson)
            {
                cli.WriteJson(report);
            }
            else
            {
                cli.Out.WriteLine($"{report.Summary.Captured} captured, {report.Summary.Refused} refused");
            }

            return report.Summary.Refused > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static void Report(CliContext cli, CaptureOutcome o)
    {
        if (o.Status == CaptureStatus.Refused)
        {
            cli.Err.WriteLine($"refused    {o.Url}: {o.Reason}");
            return;
        }

        var version = o.SourceVersion > 1 ? $" (version {o.SourceVersion})" : string.Empty;
        cli.Out.WriteLine($"captured   {Sha256Digest.Parse(o.CaptureId!).Short}  {o.Slug}{version}  {o.HttpStatus}  {o.FinalUrl}");
        foreach (var warning in o.Warnings ?? [])
        {
            cli.Err.WriteLine($"warning    {o.Url}: {warning}");
        }
    }

    private static IEnumerable<string> ReadUrlFile(string? path)
    {
        if (path is null)
        {
            return [];
        }

        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"{path}: no such file");
        }

        return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
    }
}
