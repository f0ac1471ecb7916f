using System.CommandLine;
using Archive.Core.Search;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive reindex</c>: rebuild the full-text index from the stored texts.</summary>
internal static class ReindexCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var command = new Command("reindex", """
            Rebuild the full-text index from the stored canonical texts, in one transaction (Ctrl+C leaves the old
            index intact). Needed after an analyzer change; alias edits apply at query time and need no reindex.
            When the archive has vectors for search by meaning, they are made again too (as `archive embed` does;
            Ctrl+C there keeps what is done, and `archive embed` goes on from it).

            Example:
              archive reindex
            """)
        {
            json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var reindexer = cli.Archive.Reindexer;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var count = ProgressBar.Run<(int Done, int Total), int>(
                cli, parse.GetValue(json), "reindexing", p => (p.Done, p.Total), progress => reindexer.Reindex(progress, cancel));
            var embedded = ProgressBar.Run<Archive.Core.Search.Semantic.EmbedProgress, Archive.Core.Search.Semantic.EmbedResult?>(
                cli, parse.GetValue(json), "embedding", p => (p.Done, p.Total), progress => reindexer.ReEmbed(progress, cancel));

            if (parse.GetValue(json))
            {
                cli.WriteJson(new ReindexJson(
                    count,
                    Math.Round(clock.Elapsed.TotalSeconds, 3),
                    cli.Archive.AnalyzerSignature,
                    reindexer.WroteShippedAliases,
                    embedded is null ? null : ReindexEmbeddedJson.From(embedded)));
            }
            else
            {
                cli.Out.WriteLine($"reindexed {count} captures in {clock.Elapsed.TotalSeconds:0.00} s with {cli.Archive.AnalyzerSignature}");
                if (reindexer.WroteShippedAliases)
                {
                    cli.Out.WriteLine("wrote the shipped name-variant sets to aliases.txt (the archive had none), so Daesh also finds ISIS; edit or empty it at will");
                }
                if (embedded is not null)
                {
                    cli.Out.WriteLine($"embedded {embedded.Texts} texts again as {embedded.Chunks} chunks; {embedded.Lexical} stay lexical");
                }
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
