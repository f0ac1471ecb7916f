using System.CommandLine;
using Archive.Core.Catalog;

namespace Archive.Cli.Commands;

/// <summary><c>archive show ID</c>: metadata with origins, captures of the source and the capture's events.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = IdArgument.Help };
        var json = GlobalOptions.JsonOption();
        var command = new Command("show", """
            Show one capture: every metadata field with where it came from (sidecar, cli, document, derived,
            detected, amend), hashes, extractor, the source's other captures, and its events with log indices.

            Example:
              archive show 8970b555c56b
            """)
        {
            id, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var capture = IdArgument.Resolve(cli, parse.GetValue(id)!);
            var detail = cli.Archive.Catalog.Show(capture.Id)!;
            if (parse.GetValue(json))
            {
                cli.WriteJson(DocumentDetail.From(detail));
                return ExitCodes.Ok;
            }

            var c = detail.Capture;
            var o = cli.Out;
            o.WriteLine(TerminalSafeWriter.OneLine(c.Title ?? c.OriginalName));
            o.WriteLine($"  capture    {c.Id}");
            o.WriteLine($"  text       {c.TextSha256}  ({(c.TextLength == 0 ? "no text: nothing was extracted or OCRed" : $"{c.TextLength} code points")})");
            o.WriteLine($"  source     {c.Slug}  (version {c.Version} of {detail.Versions.Count})");
            o.WriteLine($"  original   {TerminalSafeWriter.OneLine(c.OriginalName)}  {c.MediaType}  {c.Size} bytes");
            o.WriteLine($"  ingested   {c.IngestedAt} by {c.IngestAgent}");
            o.WriteLine($"  extractor  {detail.Extractor} {detail.ExtractorVersion} [{detail.ExtractorSettings}]");
            if (detail.PageStarts.Count > 0)
            {
                o.WriteLine($"  pages      {detail.PageStarts.Count}");
            }

            if (detail.Withdrawal is { } withdrawal)
            {
                o.WriteLine($"  withdrawn  {withdrawal.Time} by {withdrawal.Agent} (event #{withdrawal.EventIndex}; left out of searches): {TerminalSafeWriter.OneLine(withdrawal.Reason)}");
            }

            var texts = detail.Texts;
            if (texts.Count > 1)
            {
                // A re-extracted capture: every text it has had stays valid and citable by its digest (archive text ID --text HASH).
                o.WriteLine();
                o.WriteLine("Texts (oldest first; earlier ones stay valid and citable)");
                foreach (var t in texts)
                {
                    o.WriteLine($"  {(t.Current ? "current" : "earlier")}  {t.TextSha256}  {t.Length} code points  event #{t.EventIndex}  {t.Extractor} {t.ExtractorVersion} [{t.ExtractorSettings}]");
                }
            }

            o.WriteLine();
            o.WriteLine("Metadata (field: value  [origin])");
            var width = detail.Fields.Keys.DefaultIfEmpty(string.Empty).Max(k => k.Length);
            foreach (var (name, value) in detail.Fields)
            {
                var display = value.Display.ReplaceLineEndings(" ");
                o.WriteLine($"  {name.PadRight(width)}  {(display.Length > 100 ? display[..100] + "…" : display)}  [{value.Origin}]");
            }

            if (detail.Events.LastOrDefault(e => e.Type == Core.Provenance.EventType.Captured) is { } captured
                && System.Text.Json.Nodes.JsonNode.Parse(captured.Json)?["data"] is { } web)
            {
                o.WriteLine();
                o.WriteLine("Web capture");
                o.WriteLine($"  url        {web["url"]}  ->  {web["status"]} {web["final_url"]}");
                foreach (var tls in web["tls"]?.AsArray() ?? [])
                {
                    var leaf = tls!["chain"]![0]!;
                    o.WriteLine($"  tls        {tls["host"]}:{tls["port"]} {tls["protocol"]} {tls["cipher"]}  certificate {tls["validation"]}{(tls["accepted_insecurely"]!.GetValue<bool>() ? " (accepted by --insecure-tls)" : string.Empty)}");
                    o.WriteLine($"             {TerminalSafeWriter.OneLine(leaf["subject"]?.ToString())}, issued by {TerminalSafeWriter.OneLine(leaf["issuer"]?.ToString())}, {leaf["not_before"]} to {leaf["not_after"]}, {leaf["sha256"]}");
                }

                foreach (var warning in web["warnings"]?.AsArray() ?? [])
                {
                    o.WriteLine($"  warning    {warning}");
                }
            }

            o.WriteLine();
            o.WriteLine("Events");
            foreach (var e in detail.Events)
            {
                o.WriteLine($"  #{e.Index,-6} {e.Time}  {e.Type}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
