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
        var json = GlobalOptions.JsonOption();
        var command = new Command("text", """
            Print a capture's canonical text exactly as stored (UTF-8, NFC, \n line ends), or the passage
            [START, END) in Unicode code points, the offsets search hits and citations use.

            Examples:
              archive text 8970b555c56b > text.txt
              archive text 8970b555c56b --from 0 --to 56
            """)
        {
            id, from, to, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var capture = IdArgument.Resolve(cli, parse.GetValue(id)!);
            var text = cli.Archive.Catalog.ReadText(capture);
            var length = CodePoints.Count(text);
            var start = parse.GetValue(from) ?? 0;
            var end = parse.GetValue(to) ?? length;
            if (start < 0 || end > length || start > end)
            {
                throw new CliException(ExitCodes.NotFound, $"passage [{start}, {end}) is outside the text, which has {length} code points");
            }

            var passage = text[CodePoints.ToUtf16Index(text, start)..CodePoints.ToUtf16Index(text, end)];
            if (parse.GetValue(json))
            {
                cli.WriteJson(new { id = capture.Id, text_sha256 = capture.TextSha256, start, end, text = passage });
            }
            else
            {
                cli.Out.Write(passage);
                if (parse.GetValue(from) is not null && !passage.EndsWith('\n'))
                {
                    cli.Out.WriteLine();
                }
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
