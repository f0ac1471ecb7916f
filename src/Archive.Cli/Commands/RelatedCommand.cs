using Archive.Core.Storage;
using System.CommandLine;
using Archive.Core.Search.Engine;

namespace Archive.Cli.Commands;

/// <summary><c>archive related ID</c>: the captures most like one capture, with the words they share.</summary>
internal static class RelatedCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = IdArgument.Help };
        var limit = new Option<int>("--limit") { Description = $"How many related captures (1–{RelatedFinder.MaxLimit}).", DefaultValueFactory = _ => 10 }.Between(1, RelatedFinder.MaxLimit);
        var json = GlobalOptions.JsonOption();
        var command = new Command("related", $"""
            Find the captures most like one capture (Lucene's MoreLikeThis): its {RelatedFinder.MaxTerms} most distinctive
            words (tf-idf, stemmed in its language) make one search; each hit lists the words it shares. Captures that
            only share common words score low; a word no other capture holds is not used. When the capture's text has
            vectors (`archive embed`), texts close to it in meaning are fused in (half words, half meaning, each
            min-max normalised) and say how similar they are.

            Example:
              archive related 8970b555c56b --limit 5
            """)
        {
            id, limit, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var capture = IdArgument.Resolve(cli, parse.GetValue(id)!);
            var related = cli.Archive.Related.Find(capture, cli.Archive.Catalog.ReadText(capture), parse.GetValue(limit), cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(related);
                return ExitCodes.Ok;
            }

            var o = cli.Out;
            o.WriteLine($"Like {TerminalSafeWriter.OneLine(capture.Title ?? capture.OriginalName)} ({capture.Id.Short}), by: {string.Join(", ", related.Terms)}");
            if (related.Hits.Count == 0)
            {
                o.WriteLine("  no related captures");
            }

            foreach (var hit in related.Hits)
            {
                o.WriteLine($"  {hit.Score,8:0.000}  {hit.ShortId}  {TerminalSafeWriter.OneLine(hit.Title ?? hit.Slug)}");
                o.WriteLine($"            shares: {string.Join(", ", hit.SharedTerms)}{(hit.Meaning is { } meaning ? $"; meaning: {meaning:0.00} similar" : string.Empty)}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
