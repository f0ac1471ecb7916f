using Archive.Core;
using System.CommandLine;
using Archive.Core.Evaluation;
using Archive.Core.Search;
using Spectre.Console;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive eval DIR</c>: search quality on a BEIR test collection, in trec_eval's measures.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "BEIR folder: corpus.jsonl[.gz], queries.test.tsv, qrels.test.tsv" };
        var json = GlobalOptions.JsonOption();
        var mode = new Option<string>("--mode")
        {
            Description = "lexical (BM25, the default), semantic, hybrid, or all three over one build of the archive (meaning needs the corpus embedded: minutes, not seconds)",
            HelpName = "lexical|semantic|hybrid|all",
            DefaultValueFactory = _ => "lexical",
        };
        mode.AcceptOnlyFromAmong("lexical", "semantic", "hybrid", "all");
        var command = new Command("eval", """
            Measure search quality on a BEIR test collection. Builds a temporary archive of the corpus (your archive
            is not touched), runs each test query as a bag of words (OR, no aliases, top 1000) and prints trec_eval's
            nDCG@10, Recall@100 and MAP over the queries with relevant documents.

            Examples:
              archive eval ../shared/data/scifact
              archive eval ../shared/data/scifact --mode all
            """)
        {
            folder, json, mode,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var evaluator = new Evaluator(cli.Clock);
            var dir = parse.GetValue(folder)!;
            IReadOnlyList<EvaluationResult> results;
            IReadOnlyList<SearchMode> modes = parse.GetValue(mode) switch
            {
                "all" => [SearchMode.Lexical, SearchMode.Semantic, SearchMode.Hybrid],
                "semantic" => [SearchMode.Semantic],
                "hybrid" => [SearchMode.Hybrid],
                _ => [SearchMode.Lexical],
            };
            try
            {
                results = cli.Interactive && !parse.GetValue(json)
                    ? AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                        .Start(ctx =>
                        {
                            var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                            return evaluator.Run(dir, modes, new Progress<EvaluationProgress>(p => Show(ctx, bars, p)), cancel);
                        })
                    : evaluator.Run(dir, modes, null, cancel);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
            {
                throw new CliException(ExitCodes.Usage, ex.Message);
            }

            if (parse.GetValue(json))
            {
                // One mode: its row as an object; several: an array of rows.
                var rows = results.Select(EvalJson.From).ToList();
                if (rows.Count == 1)
                {
                    cli.WriteJson(rows[0]);
                }
                else
                {
                    cli.WriteJson(rows);
                }
            }
            else if (results.Count == 1)
            {
                var result = results[0];
                cli.Out.WriteLine($"ndcg_cut_10  {result.NdcgCut10:0.0000}\nrecall_100   {result.Recall100:0.0000}\nmap          {result.Map:0.0000}");
                cli.Out.WriteLine($"{result.Queries} queries over {result.Docs} docs ({result.Rejected} not indexed); {result.Seconds:0.0} s (indexing {result.IndexSeconds:0.0} s, {(result.EmbedSeconds > 0 ? $"embedding {result.EmbedSeconds:0.0} s, " : string.Empty)}searching {result.SearchSeconds:0.0} s)");
            }
            else
            {
                cli.Out.WriteLine("mode      ndcg_cut_10  recall_100  map     search s");
                foreach (var result in results)
                {
                    cli.Out.WriteLine($"{result.Mode,-9} {result.NdcgCut10,11:0.0000}  {result.Recall100,10:0.0000}  {result.Map:0.0000}  {result.SearchSeconds,8:0.0}");
                }

                var first = results[0];
                cli.Out.WriteLine($"{first.Queries} queries over {first.Docs} docs ({first.Rejected} not indexed); {first.Seconds:0.0} s (indexing {first.IndexSeconds:0.0} s, embedding {results.Max(r => r.EmbedSeconds):0.0} s)");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static void Show(ProgressContext context, Dictionary<string, ProgressTask> bars, EvaluationProgress progress)
    {
        // Progress<T> reports on the thread pool: one bar per stage, created once.
        lock (bars)
        {
            if (!bars.TryGetValue(progress.Stage, out var task))
            {
                bars[progress.Stage] = task = context.AddTask(progress.Stage, maxValue: 1);
            }

            task.MaxValue = Math.Max(1, progress.Total);
            task.Value = Math.Max(task.Value, progress.Done);
        }
    }
}
