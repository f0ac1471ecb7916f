namespace Archive.Benchmarks;

/// <summary>
/// Samples the process's anonymous and file-backed resident memory every 100 ms while it lives, keeping the highest of
/// each: the kernel's VmHWM is their peak sum only, and mapped files (the catalog, the index) are page cache, not heap.
/// </summary>
internal sealed class MemoryPeaks : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sampler;
    private long _anonymous;
    private long _file;

    public MemoryPeaks()
    {
        _sampler = new Thread(Sample) { IsBackground = true, Name = "memory peaks" };
        _sampler.Start();
    }

    /// <summary>The highest anonymous resident memory seen (sampled, so a spike shorter than 100 ms can be missed).</summary>
    public long Anonymous
    {
        get
        {
            Take();
            return Interlocked.Read(ref _anonymous);
        }
    }

    /// <summary>The highest file-backed resident memory seen.</summary>
    public long File
    {
        get
        {
            Take();
            return Interlocked.Read(ref _file);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sampler.Join();
        _stop.Dispose();
    }

    private void Sample()
    {
        while (!_stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100)))
        {
            Take();
        }
    }

    private void Take()
    {
        Max(ref _anonymous, ProcessMemory.AnonymousBytes);
        Max(ref _file, ProcessMemory.FileBytes);
    }

    private static void Max(ref long peak, long value)
    {
        var current = Interlocked.Read(ref peak);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref peak, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
