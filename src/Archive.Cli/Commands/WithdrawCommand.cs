using System.CommandLine;
using Archive.Core.Catalog;
using Archive.Core.Provenance;

namespace Archive.Cli.Commands;

/// <summary><c>archive withdraw ID --reason TEXT</c>: leave a capture out of searches through a signed event that says why.</summary>
internal static class WithdrawCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = IdArgument.Help };
        var reason = new Option<string>("--reason") { Description = $"Why it is withdrawn, kept in the log (at most {Withdrawer.MaxReasonLength} characters)", HelpName = "TEXT", Required = true };
        var json = GlobalOptions.JsonOption();
        var command = new Command("withdraw", """
            Withdraw a capture: searches, related documents and search by meaning leave it out from now on. A
            signed withdrawn event records when, by whom (--agent) and why (--reason). Nothing is deleted: the
            original, its texts and its events stay, `show` and `text` still read it, citations of it still
            verify, and `verify` checks the catalog's withdrawn flag against the event. A withdrawal is final.

            Example:
              archive withdraw 8970b555c56b --reason "duplicate of a later, complete copy of the statement"
            """)
        {
            id, reason, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var capture = IdArgument.Resolve(cli, parse.GetValue(id)!);
            Withdrawer.RequireOneVersion(parse.GetValue(id)!, cli.Archive.Catalog.Show(capture.Id)!);
            var logged = cli.Archive.Withdrawer.Withdraw(capture.Id, parse.GetValue(reason)!, cli.Agent);
            if (parse.GetValue(json))
            {
                cli.WriteJson(DocumentEvent.From(logged));
            }
            else
            {
                cli.Out.WriteLine($"withdrew {capture.Id.Short} (event #{logged.Index}); it stays in the archive and is left out of searches");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
