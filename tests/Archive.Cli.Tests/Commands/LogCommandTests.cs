using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Cli.Tests.Commands;

public sealed class LogCommandTests : IDisposable
{
    private readonly TempArchive _archive = new();
    private readonly string _export;

    public LogCommandTests()
    {
        Assert.Equal(0, _archive.Run("ingest", TempArchive.SampleSources).ExitCode);
        var first = _archive.RunJson("list")["items"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(0, _archive.Run("amend", first, "--set", "reliability=B2").ExitCode);
        _export = Path.Combine(_archive.Workspace, "export");
        var export = _archive.Run("log", "export", _export);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Export_Json_PrintsTheFolderAndTheCheckpointItCovers()
    {
        var folder = Path.Combine(_archive.Workspace, "export-json");
        var size = _archive.RunJson("log").AsArray().Count;

        var result = _archive.RunJson("log", "export", folder);

        Assert.Equal(folder, result["directory"]!.GetValue<string>());
        Assert.Equal(size, result["events"]!.GetValue<long>());
        Assert.Equal(size, result["checkpoint_size"]!.GetValue<long>());
        Assert.Equal(size, File.ReadAllLines(Path.Combine(folder, "log.jsonl")).Length);
        Assert.Contains(result["checkpoint_root"]!.GetValue<string>(), File.ReadAllText(Path.Combine(folder, "checkpoint.txt")), StringComparison.Ordinal);
        Assert.False(result["time_stamped"]!.GetValue<bool>());
        Assert.Empty(result["witnesses"]!.AsArray());
    }

    [Fact]
    public void Export_Checkpoint_OpensslSaysVerifiedOk()
    {
        var openssl = Openssl();

        Assert.True(openssl.ExitCode == 0, openssl.ToString());
        Assert.Equal("Verified OK\n", openssl.Out);
    }

    [Theory]
    [InlineData("size")]
    [InlineData("root")]
    [InlineData("time")]
    [InlineData("extra line")]
    public void Export_TamperedCheckpoint_OpensslRejectsIt(string tamper)
    {
        var path = Path.Combine(_export, "checkpoint.txt");
        var lines = File.ReadAllText(path).Split('\n');
        switch (tamper)
        {
            case "size":
                lines[1] = (long.Parse(lines[1], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                break;
            case "root":
                lines[2] = (lines[2][0] == 'A' ? 'B' : 'A') + lines[2][1..];
                break;
            case "time":
                lines[3] = lines[3].Replace("T", "T0", StringComparison.Ordinal);
                break;
            default:
                lines[^1] = "extra\n";
                break;
        }

        File.WriteAllText(path, string.Join('\n', lines));

        var openssl = Openssl();

        Assert.True(openssl.ExitCode != 0, openssl.ToString());
        Assert.Contains("Verification failure", openssl.Out + openssl.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_LogLines_RecomputeToTheSignedRoot()
    {
        // An auditor's own check, with nothing from Archive: leaf = SHA-256(0x00 || line), RFC 6962 tree hash.
        var leaves = ExportedLeaves();
        var checkpoint = File.ReadAllText(Path.Combine(_export, "checkpoint.txt")).Split('\n');

        Assert.Equal(checkpoint[1], leaves.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(checkpoint[2], Convert.ToBase64String(TreeHash(leaves)));
        var lines = File.ReadAllText(Path.Combine(_export, "log.jsonl"), Encoding.UTF8).Split('\n')[..^1];
        Assert.Equal(Enumerable.Range(0, lines.Length), lines.Select(line => JsonNode.Parse(line)!["index"]!.GetValue<int>()));
    }

    [Fact]
    public void Prove_EveryEvent_JsonVerifiesWithMerkleProofs()
    {
        var exported = ExportedLeaves();
        var size = _archive.RunJson("log").AsArray().Count;
        var root = Convert.FromBase64String(_archive.RunJson("log", "checkpoint")["root"]!.GetValue<string>());

        for (var index = 0; index < size; index++)
        {
            var proof = _archive.RunJson("log", "prove", index.ToString(CultureInfo.InvariantCulture));
            var leaf = Convert.FromBase64String(proof["leaf_hash"]!.GetValue<string>());
            var path = proof["proof"]!.AsArray().Select(p => Convert.FromBase64String(p!.GetValue<string>())).ToList();

            Assert.Equal((index, size), (proof["leaf_index"]!.GetValue<int>(), proof["tree_size"]!.GetValue<int>()));
            Assert.Equal(root, Convert.FromBase64String(proof["root"]!.GetValue<string>()));
            Assert.True(MerkleProofs.VerifyInclusion(index, size, leaf, path, root), $"event {index}");
            if (index < exported.Count)
            {
                Assert.Equal(exported[index], leaf);
            }

            path[0][0] ^= 1;
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leaf, path, root), $"event {index} with a damaged proof");
        }
    }

    [Fact]
    public void Consistency_EveryOlderSize_JsonVerifiesWithMerkleProofs()
    {
        var exported = ExportedLeaves();
        var size = _archive.RunJson("log").AsArray().Count;
        var latest = Convert.FromBase64String(_archive.RunJson("log", "checkpoint")["root"]!.GetValue<string>());

        for (var older = 1; older <= exported.Count; older++)
        {
            var proof = _archive.RunJson("log", "consistency", older.ToString(CultureInfo.InvariantCulture), size.ToString(CultureInfo.InvariantCulture));
            var root1 = Convert.FromBase64String(proof["root1"]!.GetValue<string>());
            var root2 = Convert.FromBase64String(proof["root2"]!.GetValue<string>());
            var path = proof["proof"]!.AsArray().Select(p => Convert.FromBase64String(p!.GetValue<string>())).ToList();

            Assert.Equal(TreeHash(exported[..older]), root1);
            Assert.Equal(latest, root2);
            Assert.True(MerkleProofs.VerifyConsistency(older, size, path, root1, root2), $"{older} -> {size}");
            root1[0] ^= 1;
            Assert.False(MerkleProofs.VerifyConsistency(older, size, path, root1, root2), $"{older} -> {size} with a wrong old root");
        }
    }

    private CliResult Openssl() => TempArchive.Finish(TempArchive.StartProcess("openssl", [
        "dgst", "-sha256",
        "-verify", Path.Combine(_export, "public.pem"),
        "-signature", Path.Combine(_export, "checkpoint.sig"),
        Path.Combine(_export, "checkpoint.txt"),
    ]));

    /// <summary>The leaf hash of every line of the exported log.jsonl, from the bytes on disk.</summary>
    private List<byte[]> ExportedLeaves()
    {
        var bytes = File.ReadAllBytes(Path.Combine(_export, "log.jsonl"));
        Assert.Equal((byte)'\n', bytes[^1]);
        var leaves = new List<byte[]>();
        var start = 0;
        for (var end = Array.IndexOf(bytes, (byte)'\n'); end >= 0; start = end + 1, end = Array.IndexOf(bytes, (byte)'\n', start))
        {
            leaves.Add(SHA256.HashData([0x00, .. bytes.AsSpan(start, end - start)]));
        }

        return leaves;
    }

    /// <summary>RFC 6962 section 2.1 Merkle tree hash, written out here independently of Archive.Core.</summary>
    private static byte[] TreeHash(List<byte[]> leaves)
    {
        if (leaves.Count == 1)
        {
            return leaves[0];
        }

        var split = 1;
        while (split * 2 < leaves.Count)
        {
            split *= 2;
        }

        return SHA256.HashData([0x01, .. TreeHash(leaves[..split]), .. TreeHash(leaves[split..])]);
    }
}
