using Archive.Core.Text;
using System.CommandLine;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;

namespace Archive.Cli.Commands;

/// <summary><c>archive text ID [--from S --to E]</c>: the canonical text exactly, or one passage of it.</summary>
internal static class TextCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = IdArgument.Help };
        var from = new Option<int?>("--from") { Description = "Start offset in code points (inclusive)", HelpName = "START" };
        var to = new Option<int?>("--to") { Description = "End offset in code points (exclusive)", HelpName = "END" };
        var textOption = new Option<string?>("--text") { Description = "One of the capture's texts by its digest (sha256:… or 8+ hex digits), as `show` lists them; default: the current text", HelpName = "TEXT" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("text", """
            Print a capture's canonical text exactly as stored (UTF-8, NFC, \n line ends), or the passage
            [START, END) in Unicode code points, the offsets search hits and citations use (into a pipe or a
            file exactly those code points; on a terminal a line end follows a passage). A re-extracted
            capture keeps its earlier texts: --text names one, so a citation pinned to it still resolves.

            Examples:
              archive text 8970b555c56b > text.txt
              archive text 8970b555c56b --from 0 --to 56
              archive text 8970b555c56b --text 5d41402abc4b --from 0 --to 56
            """)
        {
            id, from, to, textOption, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var capture = IdArgument.Resolve(cli, parse.GetValue(id)!);
            if (parse.GetValue(textOption) is { } wanted)
            {
                capture = cli.Archive.Catalog.WithText(capture, wanted, out var notFound) ?? throw new CliException(ExitCodes.NotFound, notFound!);
            }

            var result = cli.Archive.Catalog.ReadPassage(capture, parse.GetValue(from), parse.GetValue(to), out var error);
            if (error is not null)
            {
                throw new CliException(ExitCodes.NotFound, $"passage [{result.Start}, {result.End}) is outside the text, which has {result.Length} code points");
            }

            var passage = result.Text;
            if (parse.GetValue(json))
            {
                cli.WriteJson(result);
            }
            else
            {
                cli.Out.Write(passage);
                // Exactly the passage into a pipe or a file; on a terminal, a line end so the prompt starts a line.
                if (parse.GetValue(from) is not null && !passage.EndsWith('\n') && CliHost.OwnsProcess && !Console.IsOutputRedirected)
                {
                    cli.Out.WriteLine();
                }
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
