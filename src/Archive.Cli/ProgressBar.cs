using Spectre.Console;

namespace Archive.Cli;

/// <summary>Draws one Spectre progress bar on a terminal while long work runs; runs the work plainly when piped or with --json.</summary>
internal static class ProgressBar
{
    /// <summary>
    /// Runs <paramref name="work"/>, giving it a progress sink that maps each report to (done, total) through
    /// <paramref name="measure"/> when a bar is drawn, or null otherwise.
    /// </summary>
    public static TResult Run<TProgress, TResult>(CliContext cli, bool json, string label, Func<TProgress, (long Done, long Total)> measure, Func<IProgress<TProgress>?, TResult> work)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(work);
        if (!cli.Interactive || json)
        {
            return work(null);
        }

        TResult result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: 1);
                result = work(new Progress<TProgress>(p =>
                {
                    var (done, total) = measure(p);
                    if (total > 0)
                    {
                        task.MaxValue = total;
                        task.Value = done;
                    }
                }));
            });
        return result;
    }
}
