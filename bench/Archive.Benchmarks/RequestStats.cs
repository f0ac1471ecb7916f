namespace Archive.Benchmarks;

/// <summary>Latencies and failures of one kind of request, safe to record from several clients at once.</summary>
internal sealed class RequestStats(string name)
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = [];
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly List<(double At, double Milliseconds, string What)> _slow = [];

    /// <summary>A request at least this slow is listed with its start time, to line stalls up across request kinds.</summary>
    public const double SlowMilliseconds = 2000;

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _milliseconds.Count;
            }
        }
    }

    public int Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.Values.Sum();
            }
        }
    }

    /// <param name="at">When the request started, in seconds since the run began; with <paramref name="what"/>, kept for a slow request.</param>
    public void Record(double milliseconds, string? error, double at = double.NaN, string? what = null)
    {
        lock (_gate)
        {
            _milliseconds.Add(milliseconds);
            if (milliseconds >= SlowMilliseconds && !double.IsNaN(at))
            {
                _slow.Add((at, milliseconds, what ?? Name));
            }

            if (error is not null)
            {
                _errors[error] = _errors.GetValueOrDefault(error) + 1;
            }
        }
    }

    /// <summary>One report line: count, rate over <paramref name="seconds"/>, p50, p95, p99, max and errors.</summary>
    public string Line(double seconds)
    {
        lock (_gate)
        {
            if (_milliseconds.Count == 0)
            {
                return $"{Name,-9} no requests";
            }

            var sorted = _milliseconds.Order().ToArray();
            var errors = _errors.Count == 0 ? "0" : $"{_errors.Values.Sum()} ({string.Join(", ", _errors.Select(e => $"{e.Key} ×{e.Value}"))})";
            return $"{Name,-9} {sorted.Length,7} req {sorted.Length / seconds,8:0.0}/s   p50 {Percentile(sorted, 0.50),7:0.0} ms   p95 {Percentile(sorted, 0.95),7:0.0} ms   p99 {Percentile(sorted, 0.99),7:0.0} ms   max {sorted[^1],7:0.0} ms   errors {errors}";
        }
    }

    /// <summary>The requests of at least <see cref="SlowMilliseconds"/>: start (seconds into the run), duration and what was asked.</summary>
    public IReadOnlyList<(double At, double Milliseconds, string What)> Slow()
    {
        lock (_gate)
        {
            return [.. _slow];
        }
    }

    public double Percentile(double p)
    {
        lock (_gate)
        {
            return _milliseconds.Count == 0 ? 0 : Percentile([.. _milliseconds.Order()], p);
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
