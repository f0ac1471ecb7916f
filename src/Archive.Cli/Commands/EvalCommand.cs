using Archive.Core;
using System.CommandLine;
using Archive.Core.Evaluation;
using Spectre.Console;

namespace Archive.Cli.Commands;

/// <summary><c>archive eval DIR</c>: search quality on a BEIR test collection, in trec_eval's measures.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "BEIR folder: corpus.jsonl[.gz], queries.test.tsv, qrels.test.tsv" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("eval", """
            Measure search quality on a BEIR test collection. Builds a temporary archive of the corpus (your archive
            is not touched), runs each test query as a bag of words (OR, no aliases, top 1000) and prints trec_eval's
            nDCG@10, Recall@100 and MAP over the queries with relevant documents.

            Example:
              archive eval ../shared/data/scifact
            """)
        {
            folder, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var evaluator = new Evaluator(cli.Clock);
            var dir = parse.GetValue(folder)!;
            EvaluationResult result;
            try
            {
                result = cli.Interactive && !parse.GetValue(json)
                    ? AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                        .Start(ctx =>
                        {
                            var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                            return evaluator.Run(dir, new Progress<EvaluationProgress>(p => Show(ctx, bars, p)), cancel);
                        })
                    : evaluator.Run(dir, null, cancel);
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
            {
                throw new CliException(ExitCodes.Usage, ex.Message);
            }

            if (parse.GetValue(json))
            {
                cli.WriteJson(new Dictionary<string, object>
                {
                    ["ndcg_cut_10"] = Math.Round(result.NdcgCut10, 4),
                    ["recall_100"] = Math.Round(result.Recall100, 4),
                    ["map"] = Math.Round(result.Map, 4),
                    ["queries"] = result.Queries,
                    ["docs"] = result.Docs,
                    ["seconds"] = Math.Round(result.Seconds, 1),
                });
            }
            else
            {
                cli.Out.WriteLine($"ndcg_cut_10  {result.NdcgCut10:0.0000}\nrecall_100   {result.Recall100:0.0000}\nmap          {result.Map:0.0000}");
                cli.Out.WriteLine($"{result.Queries} queries over {result.Docs} docs ({result.Rejected} not indexed); {result.Seconds:0.0} s (indexing {result.IndexSeconds:0.0} s, searching {result.SearchSeconds:0.0} s)");
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
