using System.Globalization;
using System.Runtime.InteropServices;

namespace Archive.Cli.Tests;

public sealed class HugePagesTests
{
    private static readonly string[] Maps =
    [
        "55d0c0000000-55d0c0021000 r--p 00000000 08:01 1234                       /usr/bin/archive",
        "55d0c1000000-55d0c1100000 rw-p 00000000 00:00 0                          [heap]",
        "7f0000000000-7f0000400000 rw-p 00000000 00:00 0 ",
        "7f0000400000-7f4000000000 ---p 00000000 00:00 0",
        "7f4000000000-7f4000200000 rw-p 00000000 00:00 0",
        "7f4000200000-7f4000300000 r--s 00000000 00:05 77                         /memfd:doublemapper (deleted)",
        "7f4000300000-7f4000400000 rw-p 00000000 00:00 0",
        "7f5000000000-7f5000100000 r--p 00000000 08:01 99                         /srv/archive/catalog.db",
    ];

    [Theory]
    [InlineData("7f0000000010", "7f0000000000", "7f4000200000")] // committed part: the reserve around it, up to the file mapping
    [InlineData("7f1000000000", "7f0000000000", "7f4000200000")] // reserved part
    [InlineData("7f4000300010", "7f4000300000", "7f4000400000")] // alone between a shared and a file mapping
    public void HeapRange_AddressInAnonymousMappings_AllThoseNextToIt(string address, string start, string end)
    {
        var range = HugePages.HeapRange(Hex(address), Maps);

        Assert.Equal((Hex(start), Hex(end)), range);
    }

    [Theory]
    [InlineData("55d0c0000010")] // a file
    [InlineData("55d0c1000010")] // malloc's heap, named
    [InlineData("7f4000200010")] // shared memory
    [InlineData("7e0000000000")] // nothing mapped
    public void HeapRange_AddressElsewhere_Nothing(string address)
    {
        Assert.Equal((0UL, 0UL), HugePages.HeapRange(Hex(address), Maps));
    }

    /// <summary>On Linux the mark lands on the mapping that holds new objects: its VmFlags in /proc/self/smaps say "hg" (nothing else in this process marks it).</summary>
    [Fact]
    public void AdviseManagedHeap_OnLinux_MarksTheMappingOfANewObject()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage"))
        {
            // No huge pages in this kernel: madvise refuses the mark, and nothing else happens.
            Assert.Equal(0, HugePages.AdviseManagedHeap());
            return;
        }

        Assert.True(HugePages.AdviseManagedHeap() > 0);

        var handle = GCHandle.Alloc(new byte[16], GCHandleType.Pinned);
        ulong address;
        try
        {
            address = (ulong)handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }

        var flags = FlagsOfMappingHolding(address);
        Assert.Contains("hg", flags.Split(' '));
    }

    private static string FlagsOfMappingHolding(ulong address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var first = line.Split(' ')[0];
            if (first.Contains('-', StringComparison.Ordinal) && !first.EndsWith(':'))
            {
                var bounds = first.Split('-');
                inside = Hex(bounds[0]) <= address && address < Hex(bounds[1]);
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Trim();
            }
        }

        return string.Empty;
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
