using System.CommandLine;
using Archive.Core.Search.Semantic;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive embed</c>: give every English text that waits its vectors, for search by meaning.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var status = new Option<bool>("--status") { Description = "Only say how many texts have vectors and how many wait; embed nothing" };
        var command = new Command("embed", """
            Give English texts vectors for search by meaning, with the all-MiniLM-L6-v2 model shipped inside Archive
            (no network, no download). Each text is cut into chunks of whole sentences (up to 128 word pieces), each
            chunk gets a vector, and a text's vectors are stored together in archive/vectors.db, so Ctrl+C or a crash
            loses at most the text in hand; the next run goes on from there. Texts in other languages stay lexical.
            `archive serve` does the same in the background; searches use whatever is embedded so far.

            Examples:
              archive embed
              archive embed --status --json
            """)
        {
            json, status,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var semantic = cli.Archive.Semantic;
            EmbedResult? result = null;
            if (!parse.GetValue(status))
            {
                result = ProgressBar.Run<EmbedProgress, EmbedResult>(
                    cli, parse.GetValue(json), "embedding", p => (p.Done, p.Total), progress => semantic.EmbedWaiting(progress, cancel));
            }

            var now = semantic.Status(cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(new EmbedJson(now.Model, result is null ? null : EmbedRunJson.From(result), EmbedStatusJson.From(now)));
                return ExitCodes.Ok;
            }

            if (result is not null)
            {
                cli.Out.WriteLine($"embedded {result.Texts} texts as {result.Chunks} chunks in {result.Seconds:0.0} s ({result.ChunksPerSecond:0.0} chunks/s); {result.Lexical} stay lexical (not English)");
            }

            cli.Out.WriteLine($"vectors: {now.Embedded} texts, {now.Chunks} chunks ({now.Model}); lexical only: {now.Lexical}; waiting: {now.Waiting}");
            if (now.Broken.Count > 0)
            {
                cli.Out.WriteLine($"removed the vectors of {now.Broken.Count} texts that failed their seals; they wait to be embedded again");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
