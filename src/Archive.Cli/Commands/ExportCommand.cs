using System.CommandLine;
using Archive.Core.Export.Bag;

namespace Archive.Cli.Commands;

/// <summary><c>archive export bag</c>: captures with their provenance as a BagIt 1.0 bag.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", """
            Export evidence in a standard form for another institution.

            Examples:
              archive export bag 3f2a9c81d0e4 -o evidence-bag
              archive export wacz 3f2a9c81d0e4 -o page.wacz
            """);
        command.Subcommands.Add(Bag());
        command.Subcommands.Add(WaczExportCommand.Create());
        return command;
    }

    private static Command Bag()
    {
        var ids = new Argument<string[]>("ID") { Description = "Capture ids (8+ hex) or source slugs", Arity = ArgumentArity.ZeroOrMore };
        var search = new Option<string>("--search") { Description = "Export the hits of this query (at most 1000)", HelpName = "QUERY" };
        var pack = new Option<string>("--pack") { Description = "Export the sources a pack cites", HelpName = "PACK" };
        var output = new Option<string>("-o", "--output") { Description = "The bag's folder (new or empty)", Required = true, HelpName = "DIR" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("bag", """
            Write a BagIt 1.0 bag (RFC 8493): each original, its canonical text and metadata under
            data/captures/<sha256>/; provenance/ with the signed checkpoint, public key, every event of each capture
            with its RFC 9162 inclusion proof (inclusion-proofs.json) and the events as PROV-JSON (events.prov.json);
            manifest-sha256.txt, tagmanifest-sha256.txt and bag-info.txt with the provenance summary. Check it without
            Archive: cd DIR && sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt
            The bag is written beside DIR and renamed to it when complete: a failed export leaves nothing behind.

            Examples:
              archive export bag 3f2a9c81d0e4 hasakah-prison-break -o evidence-bag
              archive export bag --search "hasakah AND prison" -o evidence-bag
              archive export bag --pack pack-1a2b3c4d5e6f -o evidence-bag
            """)
        {
            ids, search, pack, output, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var selection = new BagSelection(parse.GetValue(ids) ?? [], parse.GetValue(search), parse.GetValue(pack));
            if (selection.Ids.Count == 0 && selection.Search is null && selection.Pack is null)
            {
                throw new CliException(ExitCodes.Usage, "export bag: name captures (ID...), --search QUERY or --pack PACK");
            }

            var report = cli.Archive.BagExporter.Export(selection, PathInput.Folder(parse.GetValue(output), "--output"), cli.Agent, cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(report);
            }
            else
            {
                cli.Out.WriteLine($"wrote a BagIt 1.0 bag of {report.Captures.Count} captures ({report.PayloadFiles} files, {report.PayloadBytes} bytes) to {report.Directory}");
                cli.Out.WriteLine($"inclusion proofs against checkpoint {report.CheckpointSize} (root {report.CheckpointRoot}), key {report.KeyFingerprint}");
                cli.Out.WriteLine($"check it: cd {report.Directory} && sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
