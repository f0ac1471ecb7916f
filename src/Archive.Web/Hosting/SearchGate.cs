using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Archive.Web.Hosting;

/// <summary>
/// At most as many searches at once as the machine has cores (at least two). More would only share the same cores,
/// each slower, until all of them hit the time limit together, holding their memory meanwhile. A search waits for a
/// slot at most as long as its time limit, which then covers the wait and the search together: past it the answer is
/// a 503 that says the archive is busy, never a request that outlives its limit.
/// </summary>
internal sealed class SearchGate : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public SearchGate(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _slots = new SemaphoreSlim(slots, slots);
    }

    public static int DefaultSlots => Math.Max(2, Environment.ProcessorCount);

    public int Slots { get; }

    /// <summary>
    /// A slot for one search, held until disposed, with a token that fires when <paramref name="limit"/> has passed
    /// since this call (or when <paramref name="aborted"/> does); null when no slot freed within the limit.
    /// </summary>
    public async Task<Slot?> EnterAsync(TimeSpan limit, CancellationToken aborted)
    {
        var started = Stopwatch.GetTimestamp();
        if (!await _slots.WaitAsync(limit, aborted))
        {
            return null;
        }

        var waited = Stopwatch.GetElapsedTime(started);
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(limit > waited ? limit - waited : TimeSpan.Zero);
        return new Slot(_slots, deadline, started, limit, waited);
    }

    /// <summary>The 503 of a search that found no free slot within its limit.</summary>
    public ProblemHttpResult Busy(TimeSpan limit) => TypedResults.Problem(
        $"the archive is busy: all {Slots} search slots stayed taken for the whole {limit.TotalSeconds:0.#} s limit; try again shortly",
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Search could not run");

    public void Dispose() => _slots.Dispose();

    /// <summary>A held slot: <see cref="Token"/> fires at the request's deadline.</summary>
    internal sealed class Slot(SemaphoreSlim slots, CancellationTokenSource deadline, long started, TimeSpan limit, TimeSpan waited) : IDisposable
    {
        private int _released;

        public CancellationToken Token => deadline.Token;

        /// <summary>
        /// Whether the request's deadline has passed, even if the timer that fires <see cref="Token"/> (on the thread
        /// pool) has not run yet.
        /// </summary>
        public bool Expired => deadline.IsCancellationRequested || Stopwatch.GetElapsedTime(started) >= limit;

        /// <summary>How long the search waited for the slot.</summary>
        public TimeSpan Waited { get; } = waited;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                deadline.Dispose();
                slots.Release();
            }
        }
    }
}
