using System.Diagnostics;
using System.Globalization;

namespace Archive.Benchmarks;

/// <summary>
/// How the load benchmark sends requests: readers and the uploader each either back to back (rate 0, the server
/// saturated) or open loop at a fixed rate per second, as users arrive whether or not the server has caught up.
/// </summary>
internal sealed record Pacing(double Readers, double Uploads)
{
    /// <summary>Waits until <paramref name="due"/> seconds into the run; false when the run stopped first.</summary>
    public static async Task<bool> WaitUntil(Stopwatch run, double due, CancellationToken stop)
    {
        var wait = due - run.Elapsed.TotalSeconds;
        if (wait > 0)
        {
            // Pacing an open-loop load generator: the wait is the schedule itself.
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !stop.IsCancellationRequested;
    }

    public override string ToString() =>
        (Readers > 0 ? string.Create(CultureInfo.InvariantCulture, $"readers open loop at {Readers:0.#} req/s") : "readers back to back")
        + (Uploads > 0 ? string.Create(CultureInfo.InvariantCulture, $", uploads at {Uploads:0.#}/s") : ", uploads back to back");
}
