using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Archive.Cli.Tests.Commands;

// Stored files are read-only by Unix mode, and status-change times are read with Linux's statx.
[UnsupportedOSPlatform("windows")]
public sealed class QuarantineCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public QuarantineCommandTests() => Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Quarantine_AnOrphanLeftByAStoppedIngest_MovesItAndVerifyPassesAgain()
    {
        var bytes = "stored before a kill -9, never committed\n"u8.ToArray();
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var orphan = Path.Combine(_archive.Layout.BlobsPath, "sha256", hex[..2], hex);
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllBytes(orphan, bytes);
        Assert.Equal(ExitCodes.IntegrityProblem, _archive.Run("verify", "--no-record").ExitCode);

        var kept = _archive.Run("quarantine");
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.Contains($"blobs/sha256/{hex[..2]}/{hex}: changed ", kept.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(orphan));

        var report = _archive.RunJson("quarantine", "--min-age", "0");

        var moved = Assert.Single(report["moved"]!.AsArray())!;
        Assert.Equal($"blobs/sha256/{hex[..2]}/{hex}", moved["path"]!.GetValue<string>());
        Assert.Equal(hex, moved["sha256"]!.GetValue<string>());
        Assert.Equal(bytes.Length, moved["size"]!.GetValue<long>());
        Assert.Empty(report["left"]!.AsArray());
        Assert.False(report["dry_run"]!.GetValue<bool>());
        var folder = Path.Combine(_archive.Root, report["folder"]!.GetValue<string>());
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_archive.Root, moved["quarantined_as"]!.GetValue<string>())));
        Assert.Equal($"{hex}  blobs/sha256/{hex[..2]}/{hex}\n", File.ReadAllText(Path.Combine(folder, "manifest-sha256.txt")));
        Assert.False(File.Exists(orphan));
        var verify = _archive.Run("verify", "--no-record");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal("no untracked files in the store: nothing to move", _archive.Run("quarantine", "--min-age", "0").Out.Trim());
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("nan")]
    [InlineData("-1h")]
    [InlineData("1e400")]
    public void Quarantine_BadMinAge_IsAUsageErrorNamingIt(string age)
    {
        var result = _archive.Run("quarantine", "--min-age", age);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--min-age '{age}': expected a time such as 0, 90s, 30m or 2h", result.Err, StringComparison.Ordinal);
    }
}
