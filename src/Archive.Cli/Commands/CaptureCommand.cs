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
        var urls = new Argument<string[]>("URL") { Arity = ArgumentArity.ZeroOrMore, Description = "http or https URLs to capture" };
        var file = new Option<string?>("--urls") { Description = "A file of URLs, one a line (blank lines and lines starting with # are skipped)", HelpName = "FILE" };
        var meta = new Option<string[]>("--meta") { Description = "Metadata for every capture, key=value; repeat for more. Overrides what the page says", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<string>("--timeout") { Description = "Time limit per page, e.g. 30s, 2m (default 30s)", HelpName = "TIME", DefaultValueFactory = _ => "30s" };
        var allowPrivate = new Option<bool>("--allow-private-network") { Description = "Allow loopback, private and link-local addresses (refused by default, also after redirects)" };
        var insecureTls = new Option<bool>("--insecure-tls") { Description = "Record https servers whose certificate does not validate (self-signed, expired, wrong name); each is named in a warning and its failure is recorded. Without it they are refused" };
        var delay = new Option<string?>("--delay") { Description = "After the page has settled, wait this much longer before the snapshot (0 to 2m, e.g. 3s): for pages whose scripts draw text on a timer; within --timeout", HelpName = "TIME" };
        var wait = new Option<string>("--wait") { Description = "When the page counts as loaded: networkidle (after the load event, once the network is quiet; the default) or load (at the load event, for pages that never stop polling)", HelpName = "load|networkidle", DefaultValueFactory = _ => "networkidle" };
        var tlsCa = new Option<string?>("--tls-ca") { Description = "Also trust the CA certificates in this PEM file for https servers (an intranet's CA)", HelpName = "PEM" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("capture", """
            Capture web pages as evidence. Each URL is loaded by headless Chromium in a fresh profile through Archive's
            recording proxy: every HTTP exchange is written, byte for byte as it went over the wire, to a WARC 1.1
            file, which is the capture's original (named by its SHA-256). A full-page PNG screenshot and the text of
            the rendered page are stored beside it and named in the capture's events; the text is what search and
            citations use. Title, authors and date come from the page, then --meta. Capturing a URL again makes a new
            version of the same source. A 404 or 500 is captured with a warning; a URL that cannot be fetched (a
            private address, a time-out, a redirect to file://) is refused and nothing is stored. Limits: 200 MB and
            1,000 resources per page, screenshots 20,000 px tall.

            https: the proxy decrypts the browser's traffic with a certificate authority made for this capture alone
            (only this browser profile trusts it), opens its own TLS connection to the server, and records the
            decrypted HTTP bytes plus the server's certificate chain, TLS version and cipher, and whether the
            certificate validated. A certificate that does not validate is refused unless --insecure-tls is given.
            What is and is not byte-exact: docs/capture.md.

            Examples:
              archive capture https://example.org/article --meta source_type=article
              archive capture --urls list.txt --timeout 60s
              archive capture https://example.org/live-feed --delay 3s
              archive capture https://intranet.example/report --tls-ca intranet-ca.pem
            """)
        {
            urls, file, meta, timeout, wait, delay, allowPrivate, insecureTls, tlsCa, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var all = (parse.GetValue(urls) ?? []).Concat(ReadUrlFile(parse.GetValue(file))).ToList();
            if (all.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, "give at least one URL, or --urls FILE");
            }

            var options = new CaptureOptions(CaptureOptions.ParseTimeout(parse.GetValue(timeout)!), parse.GetValue(allowPrivate), InsecureTls: parse.GetValue(insecureTls))
            {
                TrustedRoots = parse.GetValue(tlsCa) is { } caFile ? CaptureOptions.LoadTrustedRoots(caFile) : [],
                WaitForNetworkIdle = CaptureOptions.ParseWait(parse.GetValue(wait)),
                Delay = parse.GetValue(delay) is { } extra ? CaptureOptions.ParseDelay(extra) : TimeSpan.Zero,
            };
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
        cli.Out.WriteLine($"captured   {o.CaptureId?.Short}  {o.Slug}{version}  {o.HttpStatus}  {o.FinalUrl}");
        if (o.Tls is { } tls)
        {
            cli.Out.WriteLine($"           {tls.Protocol} {tls.Cipher}, certificate {tls.Chain[0].Subject} from {tls.Chain[0].Issuer}, {tls.Chain[0].NotBefore} to {tls.Chain[0].NotAfter}: {tls.Validation}");
        }

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
