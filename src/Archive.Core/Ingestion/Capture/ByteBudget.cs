namespace Archive.Core.Ingestion.Capture;

/// <summary>The response bytes one capture may still record, shared by all its connections and taken exactly.</summary>
internal sealed class ByteBudget(long total)
{
    private long _left = total;

    public long Total { get; } = total;

    /// <summary>Bytes taken so far.</summary>
    public long Used => Total - Interlocked.Read(ref _left);

    public bool Exhausted => Interlocked.Read(ref _left) <= 0;

    /// <summary>Takes up to <paramref name="wanted"/> bytes and returns how many were granted (0 when none are left).</summary>
    public int Take(int wanted)
    {
        while (true)
        {
            var left = Interlocked.Read(ref _left);
            var granted = (int)Math.Min(wanted, Math.Max(0, left));
            if (granted == 0 || Interlocked.CompareExchange(ref _left, left - granted, left) == left)
            {
                return granted;
            }
        }
    }
}
