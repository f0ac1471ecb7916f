using System.CommandLine;

namespace Archive.Cli.Commands;

/// <summary><c>archive export wacz ID... -o FILE</c>: web captures as a signed WACZ 1.1.1 package.</summary>
internal static class WaczExportCommand
{
    public static Command Create()
    {
        var ids = new Argument<string[]>("ID") { Description = "Web capture ids (8+ hex) or source slugs", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("-o", "--output") { Description = "The WACZ file to write (must not exist)", Required = true, HelpName = "FILE" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("wacz", """
            Write web captures as a WACZ 1.1.1 package, the zip a replay tool (ReplayWeb.page) opens: archive/ holds
            each capture's WARC exactly as archived (named by its SHA-256, the capture id), indexes/index.cdxj one
            sorted line per recorded response with its offset and length in that WARC, pages/pages.jsonl one page per
            capture, datapackage.json every file's size and SHA-256, and datapackage-digest.json the hash of
            datapackage.json signed with the archive key. Only captures made by `archive capture` can be exported.

            Check it without Archive (docs/capture.md has the whole recipe):
              unzip -p page.wacz datapackage-digest.json | jq -j .signedData.hash > hash.txt
              unzip -p page.wacz datapackage-digest.json | jq -r .signedData.signature | base64 -d > sig.der
              openssl dgst -sha256 -verify archive/keys/public.pem -signature sig.der hash.txt

            Examples:
              archive export wacz 3f2a9c81d0e4 -o page.wacz
              archive export wacz hasakah-prison-break 9b1e22c4a0f7 -o two-pages.wacz --json
            """)
        {
            ids, output, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var asJson = parse.GetValue(json);
            var report = ProgressBar.Run<Core.Ingestion.IngestProgress, Core.Export.Wacz.WaczReport>(
                cli, asJson, "packaging", p => (p.Done, p.Total), progress => cli.Archive.WaczExporter.Export(parse.GetValue(ids) ?? [], PathInput.File(parse.GetValue(output), "--output"), cli.Agent, progress, cancel));
            if (asJson)
            {
                cli.WriteJson(report);
            }
            else
            {
                cli.Out.WriteLine($"wrote WACZ {Core.Export.Wacz.WaczExporter.Version} of {report.Captures.Count} captures ({report.Resources.Count} files, {report.IndexLines} index lines, {report.Bytes} bytes) to {report.Path}");
                cli.Out.WriteLine($"datapackage.json {report.DatapackageHash}, signed by {report.KeyFingerprint}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
