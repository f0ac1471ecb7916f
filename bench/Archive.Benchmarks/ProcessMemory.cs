using System.Globalization;

namespace Archive.Benchmarks;

/// <summary>This process's resident memory from /proc/self/status: now (VmRSS), at its peak (VmHWM), and its two parts now.</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes => Read("VmRSS:");

    public static long PeakResidentBytes => Read("VmHWM:");

    /// <summary>Resident memory of the process's own (anonymous) pages: the heap, stacks and native allocations.</summary>
    public static long AnonymousBytes => Read("RssAnon:");

    /// <summary>
    /// Resident pages of mapped files (SQLite's memory-mapped catalog, Lucene's memory-mapped index): page cache the
    /// kernel can drop at any time, counted in RSS once per mapping.
    /// </summary>
    public static long FileBytes => Read("RssFile:");

    private static long Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return Environment.WorkingSet; // not Linux: the nearest figure .NET gives
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kilobytes = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
