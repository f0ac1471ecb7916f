using System.CommandLine;
using Archive.Core.Versions;

namespace Archive.Cli.Commands;

/// <summary><c>archive diff FROM TO</c>: what changed in the text between two captures, and what became of the pack citations of the first.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var from = new Argument<string>("FROM") { Description = "The older capture: " + IdArgument.Help };
        var to = new Argument<string>("TO") { Description = "The newer capture: " + IdArgument.Help };
        var json = GlobalOptions.JsonOption();
        var command = new Command("diff", $$"""
            Show what changed in the text from one capture to another, usually two versions of one source (a page
            captured twice). Changes are word by word, [-removed-] and {+added+} (in colour on a terminal), with a
            little unchanged text around each; the rest is left out. Ranges are code points in each text, as in
            citations. Then every citation in a recorded pack that quotes FROM is looked up again in TO:
              exact      the quote is still there, where the diff puts it
              moved      the quote is still there, but somewhere else
              ambiguous  the quote now occurs more than once
              changed    the quote is gone, but a passage holding most of its words is there (shown)
              gone       nothing like it is left
            Long diffs stay bounded: at most {{TextDiffer.MaxHunks}} hunks, {{TextDiffer.MaxSegmentChars:N0}} characters per piece, and
            stretches needing more than {{TextDiffer.MaxLineEdits:N0}} line or word edits shown as one change, each with a note.

            Example:
              archive show gov-statement                      (lists the versions)
              archive diff 3f1c2a9e0b7d 8970b555c56b
              archive diff 3f1c2a9e0b7d 8970b555c56b --json
            """)
        {
            from, to, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var older = IdArgument.Resolve(cli, parse.GetValue(from)!);
            var newer = IdArgument.Resolve(cli, parse.GetValue(to)!);
            var result = cli.Archive.Versions.Compare(older, newer, cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(result);
            }
            else
            {
                var colour = cli.Interactive && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
                // With colour, the printer writes its own escape codes past the terminal's filter and cleans the texts itself.
                new DiffPrinter(colour && cli.Out is TerminalSafeWriter safe ? safe.Inner : cli.Out, colour).Print(result);
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
