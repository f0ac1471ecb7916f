using System.Globalization;

namespace Archive.Benchmarks;

/// <summary>This process's resident memory from /proc/self/status: now (VmRSS) and at its peak (VmHWM).</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes => Read("VmRSS:");

    public static long PeakResidentBytes => Read("VmHWM:");

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
