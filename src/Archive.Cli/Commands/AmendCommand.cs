using Archive.Core.Storage;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using System.CommandLine;
using Archive.Core.Catalog;

namespace Archive.Cli.Commands;

/// <summary><c>archive amend ID --set key=value</c>: change metadata through a new event.</summary>
internal static class AmendCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = IdArgument.Help };
        var set = new Option<string[]>("--set") { Description = "Field to change, key=value; repeat for more", HelpName = "KEY=VALUE", Required = true };
        var json = GlobalOptions.JsonOption();
        var command = new Command("amend", """
            Change a capture's metadata. Each change is a new metadata-amended event holding the old value, the
            new one and who made it; nothing is overwritten in the log.

            Example:
              archive amend 8970b555c56b --set reliability=B2 --set publisher="Asharq Al-Awsat"
            """)
        {
            id, set, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var capture = IdArgument.Resolve(cli, parse.GetValue(id)!);
            var changes = MetadataInput.ParsePairs(parse.GetValue(set), "--set");
            var events = cli.Archive.Amender.Amend(capture.Id, changes, cli.Agent);
            if (parse.GetValue(json))
            {
                cli.WriteJson(new AmendResult(capture.Id, [.. events.Select(DocumentEvent.From)]));
            }
            else
            {
                foreach (var (change, e) in changes.Zip(events))
                {
                    cli.Out.WriteLine($"amended {capture.Id.Short} {change.Key} (event #{e.Index})");
                }
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
