using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Ingestion;
using Archive.Core.Provenance;
using Archive.Core.Storage;
using Archive.Core.Verification;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Verification;

// Blobs are made read-only with Unix modes, which tampering must undo first.
[UnsupportedOSPlatform("windows")]
public sealed class VerifierTests : IDisposable
{
    private const int Trials = 240;
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Writable = ReadOnly | UnixFileMode.UserWrite;

    private readonly TempArchive _archive = new();

    private enum Tamper
    {
        FlipBit,
        Truncate,
        Append,
        Delete,
    }

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Verify_CleanArchive_ReportsEveryItemOkAndNoProblems()
    {
        IngestCorpus();
        var roles = RolesByFile();

        var report = Verify();

        Assert.True(report.IsOk, string.Join("; ", report.Problems));
        Assert.Equal(roles.Values.Sum(r => r.Count), report.Ok);
        Assert.Equal(roles.Count, report.BlobsChecked);
        Assert.Equal(3, report.Checkpoints);
    }

    [Fact]
    public void Verify_RandomTamperingOfOneStoredFile_FlagsExactlyThatItem()
    {
        IngestCorpus();
        var roles = RolesByFile();
        var files = roles.Keys.Order(StringComparer.Ordinal).ToList();
        var random = new Random(20_260_122);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var trial = 0; trial < Trials; trial++)
        {
            var digest = files[random.Next(files.Count)];
            var path = _archive.Services.Store.PathFor(Sha256Digest.Parse(digest));
            var tamper = (Tamper)random.Next(4);
            var original = File.ReadAllBytes(path);
            string? actual;
            File.SetUnixFileMode(path, Writable);
            try
            {
                actual = Apply(tamper, path, original, random);
                var report = Verify();

                var status = tamper == Tamper.Delete ? ItemStatus.Missing : ItemStatus.Changed;
                var expected = roles[digest].Select(r => $"{r.Kind} {status} {r.CaptureId} {digest} {actual}").Order(StringComparer.Ordinal);
                var found = report.Problems.Select(p => $"{p.Kind} {p.Status} {p.Id} {p.Expected} {p.Actual}").Order(StringComparer.Ordinal);
                Assert.True(expected.SequenceEqual(found), $"trial {trial}: {tamper} {path}\nexpected: {string.Join(" | ", expected)}\nfound:    {string.Join(" | ", found)}");
                Assert.Equal(roles.Values.Sum(r => r.Count) - roles[digest].Count, report.Ok);
            }
            finally
            {
                File.WriteAllBytes(path, original);
                File.SetUnixFileMode(path, ReadOnly);
            }

            seen.Add(tamper.ToString());
            seen.Add(string.Join("+", roles[digest].Select(r => r.Kind).Distinct().Order(StringComparer.Ordinal)));
        }

        // The seed must have exercised every kind of damage on every kind of stored file.
        Assert.Superset(new HashSet<string>(Enum.GetNames<Tamper>().Concat(["original", "text", "original+text"])), seen);
        Assert.True(Verify().IsOk, "restoring every file must leave a clean archive");
    }

    [Fact]
    public void Verify_StrayFileInStore_ReportsOneUntrackedBlob()
    {
        IngestCorpus();
        var stray = Path.Combine(_archive.Services.Store.ObjectsRoot, "ab", "ab" + new string('0', 62));
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        File.WriteAllText(stray, "left behind by a crash");

        var problem = Assert.Single(Verify().Problems);

        Assert.Equal(("blob", ItemStatus.Untracked, stray), (problem.Kind, problem.Status, problem.Path));
    }

    [Fact]
    public void Verify_StoreFolderReplacedByAFile_ItsBlobsMissingAndTheFileUntracked()
    {
        IngestCorpus();
        var roles = RolesByFile();
        var hex = roles.Keys.First()[Sha256Digest.Prefix.Length..];
        var folder = Path.GetDirectoryName(_archive.Services.Store.PathForHex(hex))!;
        var inFolder = roles.Keys.Where(id => id[Sha256Digest.Prefix.Length..].StartsWith(hex[..2], StringComparison.Ordinal)).ToList();
        Directory.Delete(folder, recursive: true);
        File.WriteAllText(folder, "a file where the folder was");

        var report = Verify();

        Assert.Equal([folder], report.Problems.Where(p => p.Status == ItemStatus.Untracked).Select(p => p.Path));
        var missing = report.Problems.Where(p => p.Status == ItemStatus.Missing).ToList();
        Assert.Equal(inFolder.Sum(id => roles[id].Count), missing.Count);
        Assert.All(missing, p => Assert.StartsWith(folder + Path.DirectorySeparatorChar, p.Path, StringComparison.Ordinal));
        Assert.Equal(missing.Count + 1, report.Problems.Count);
    }

    [Fact]
    public void Verify_FilesOffTheirPlaceInTheStore_EachUntrackedByPathAndTheBlobsAtTheirPlaceStillOk()
    {
        IngestCorpus();
        var roles = RolesByFile();
        var objects = _archive.Services.Store.ObjectsRoot;
        var hex = roles.Keys.First()[Sha256Digest.Prefix.Length..];
        var stored = File.ReadAllBytes(_archive.Services.Store.PathForHex(hex));
        var other = hex[..2] == "00" ? "01" : "00";
        // A blob lives only at its place: named by 64 lower-case hex digits, directly in the folder its first two name.
        string[] misplaced =
        [
            Path.Combine(objects, other, hex), // a stored blob copied into another folder
            Path.Combine(objects, hex[..2], hex.ToUpperInvariant()), // its name in upper case
            Path.Combine(objects, hex[..2], "deeper", hex), // a folder further down
            Path.Combine(objects, hex[..2], hex[..63]), // one digit short
            Path.Combine(objects, hex), // the objects folder itself
            Path.Combine(objects, "zz", "zz" + hex[2..]), // a folder that is no hex
        ];
        foreach (var path in misplaced)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, stored);
        }

        var report = Verify();

        Assert.Equal(misplaced.Order(StringComparer.Ordinal), report.Problems.Select(p => p.Path!).Order(StringComparer.Ordinal));
        Assert.All(report.Problems, p => Assert.Equal(("blob", ItemStatus.Untracked), (p.Kind, p.Status)));
        Assert.Equal(roles.Values.Sum(r => r.Count), report.Ok);
        Assert.Equal(roles.Count, report.BlobsChecked);
    }

    [Fact]
    public void Verify_IngestCommittingDuringTheCheck_ItsFilesAreNotUntrackedAndLeftToTheNextVerify()
    {
        IngestCorpus();
        var late = _archive.WriteInput("late.html", "<html><body><p>A source that arrives while the archive is checked.</p></body></html>");
        var ingested = 0;
        var progress = new Synchronous<VerifyProgress>(_ =>
        {
            // After the snapshot (hashing has begun) and before the store is listed: the ingest's files are in the
            // store, named by a commit the snapshot does not hold.
            if (Interlocked.Exchange(ref ingested, 1) == 0)
            {
                _archive.Ingest(late);
            }
        });

        var during = _archive.Services.Verifier.Verify("test-auditor", record: false, progress, CancellationToken.None);
        var after = Verify();

        Assert.Equal(1, ingested);
        Assert.True(during.IsOk, string.Join("\n", during.Problems));
        Assert.True(after.IsOk, string.Join("\n", after.Problems));
        Assert.Equal(during.BlobsChecked + 2, after.BlobsChecked);
    }

    [Fact]
    public void Verify_StrayFileWrittenJustBeforeAndNoCommitNamesIt_IsStillUntrackedOnceTheLogStaysStill()
    {
        IngestCorpus();
        var stray = Path.Combine(_archive.Services.Store.ObjectsRoot, "cd", "cd" + new string('1', 62));
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        File.WriteAllText(stray, "moved in by an ingest that was killed before its commit");
        var old = Path.Combine(_archive.Services.Store.ObjectsRoot, "ef", "ef" + new string('2', 62));
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        File.WriteAllText(old, "left behind long ago");
        File.SetLastWriteTimeUtc(old, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var problems = Verify().Problems;

        Assert.Equal([stray, old], problems.Where(p => p.Status == ItemStatus.Untracked).Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("bare")]
    [InlineData("garbage")]
    public void Verify_CatalogTextDigestMisspelt_ReportsThatCaptureByItsRowsOwnSpelling(string spelling)
    {
        IngestCorpus();
        var capture = _archive.Reader.List().First(c => c.TextSha256 != c.Id.Value);
        var written = spelling switch
        {
            "upper" => capture.TextSha256.ToUpperInvariant(),
            "bare" => capture.TextSha256[Sha256Digest.Prefix.Length..],
            _ => "sha256:not-a-digest",
        };
        using (var raw = _archive.OpenRaw())
        using (var update = raw.CreateCommand())
        {
            update.CommandText = "UPDATE captures SET text_sha256 = $text WHERE id = $id";
            update.Parameters.AddWithValue("$text", written);
            update.Parameters.AddWithValue("$id", capture.Id.Value);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var report = Verify();

        // A misspelt digest still names its file, which hashes as expected; the catalog differs from the log all the same.
        var found = report.Problems.Select(p => $"{p.Kind} {p.Status} {p.Id} {p.Expected} {p.Actual}").Order(StringComparer.Ordinal).ToList();
        List<string> expected = spelling == "garbage"
            ? [$"catalog {ItemStatus.Changed} {capture.Id.Value} {capture.TextSha256} {written}", $"text {ItemStatus.Changed} {capture.Id.Value} {written} "]
            : [$"catalog {ItemStatus.Changed} {capture.Id.Value} {capture.TextSha256} {written}"];
        Assert.Equal(expected, found);
    }

    [Fact]
    public void Verify_EventJsonEditedButCanonical_ReportsLogBrokenAtThatIndex()
    {
        var size = BuildLog();
        using var raw = _archive.OpenRaw();

        for (var index = 0L; index < size; index++)
        {
            var json = EventJson(raw, index);
            var edited = JsonNode.Parse(json)!;
            edited["agent"] = "mallory";
            var canonical = CanonicalJson.Serialize(edited);
            Assert.True(CanonicalJson.IsCanonical(canonical));
            SetEventJson(raw, index, canonical);
            var report = Verify();
            SetEventJson(raw, index, json);

            AssertLogBrokenAt(index, report, "edit");
        }

        Assert.True(Verify().IsOk);
    }

    [Fact]
    public void Verify_EventRowDeleted_ReportsLogBrokenAtThatIndex()
    {
        var size = BuildLog();
        using var raw = _archive.OpenRaw();

        for (var index = 0L; index < size; index++)
        {
            Execute(raw, "CREATE TEMP TABLE saved AS SELECT * FROM events WHERE idx = $i", index);
            Execute(raw, "DELETE FROM events WHERE idx = $i", index);
            var report = Verify();
            Execute(raw, "INSERT INTO events SELECT * FROM saved; DROP TABLE saved", index);

            AssertLogBrokenAt(index, report, "delete");
        }

        Assert.True(Verify().IsOk);
    }

    [Fact]
    public void Verify_TwoEventRowsSwapped_ReportsLogBrokenAtLowerIndex()
    {
        var size = BuildLog();
        using var raw = _archive.OpenRaw();
        var random = new Random(7);

        for (var lower = 0L; lower < size - 1; lower++)
        {
            // Adjacent rows, then a random later one: the whole row moves (json, leaf and columns), only idx stays.
            foreach (var upper in new[] { lower + 1, random.NextInt64(lower + 1, size) })
            {
                Swap(raw, lower, upper);
                var report = Verify();
                Swap(raw, lower, upper);

                AssertLogBrokenAt(lower, report, $"swap with {upper}");
            }
        }

        Assert.True(Verify().IsOk);
    }

    [Fact]
    public async Task Verify_WhileDocumentsAreIngested_EveryRunSeesCatalogAndLogAgree()
    {
        // The catalog and the log's bounds come from one snapshot while the events are read on other connections:
        // a capture committed in between must never look like one without its events or with another text. (The
        // files of an ingest in flight can show as untracked blobs: staged before the catalog commits them.)
        Assert.All(_archive.Ingest(_archive.WriteInput("first.txt", "The first document.\n")), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        var files = Enumerable.Range(0, 40).Select(i => _archive.WriteInput($"c/doc{i}.txt", $"Concurrent document {i}.\n")).ToList();
        var writer = Task.Factory.StartNew(
            () =>
            {
                foreach (var file in files)
                {
                    Assert.All(_archive.Ingest(file), o => Assert.Equal(IngestStatus.Ingested, o.Status));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var runs = 0;
        while ((!writer.IsCompleted || runs == 0) && runs < 40)
        {
            var report = Verify();
            runs++;
            var wrong = report.Problems.Where(p => p.Kind is not ("index" or "blob")).ToList();
            Assert.True(wrong.Count == 0, $"run {runs}: " + string.Join(" | ", wrong.Select(p => $"{p.Kind} {p.Status} {p.Id} {p.Detail}")));
        }

        var during = _archive.Reader.List().Count;
        await writer;
        Assert.True(during > 1, $"no document was ingested during {runs} verify runs");
        Assert.True(Verify().IsOk);
    }

    private sealed class Synchronous<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private VerificationReport Verify() =>
        _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);

    /// <summary>21 documents: plain text (original and text are one file), texts that differ from their originals, and one text shared by two captures.</summary>
    private void IngestCorpus()
    {
        var paths = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            paths.Add(_archive.WriteInput($"canonical-{i}.txt", $"Canonical document {i}.\nIts bytes are already its canonical text.\n"));
        }

        for (var i = 0; i < 4; i++)
        {
            paths.Add(_archive.WriteInput($"crlf-{i}.txt", $"Windows document {i}.\r\nCRLF line ends become LF.\r\n"));
        }

        for (var i = 0; i < 4; i++)
        {
            paths.Add(_archive.WriteInput($"bom-{i}.md", $"\uFEFF# Markdown {i}\n\nThe byte-order mark is dropped from the text.\n"));
        }

        for (var i = 0; i < 5; i++)
        {
            paths.Add(_archive.WriteInput($"page-{i}.html", $"<html><head><title>Page {i}</title></head><body><p>Visible text of page {i}.</p><script>hidden()</script></body></html>"));
        }

        var shared = _archive.WriteInput("shared.html", "<html><body><p>One text, two captures.</p></body></html>");
        Assert.All(_archive.Ingest(shared), o => Assert.Equal(IngestStatus.Ingested, o.Status));

        // A .txt holding exactly the HTML page's canonical text: its original is the page's stored text file.
        var html = _archive.Reader.List().Single();
        paths.Add(_archive.WriteInput("shared.txt", _archive.Reader.ReadText(html)));
        Assert.All(_archive.Ingest([.. paths], null, null), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        _archive.Services.LogService.WriteCheckpoint();
        Assert.Equal(21, _archive.Reader.Count());
    }

    /// <summary>Who each stored file is to the catalog: kind (original or text) and capture id, one file often serving several.</summary>
    private Dictionary<string, List<(string Kind, string CaptureId)>> RolesByFile()
    {
        var roles = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (var capture in _archive.Reader.List())
        {
            foreach (var (kind, digest) in new[] { ("original", capture.Id.Value), ("text", capture.TextSha256) })
            {
                if (!roles.TryGetValue(digest, out var list))
                {
                    roles[digest] = list = [];
                }

                list.Add((kind, capture.Id.Value));
            }
        }

        Assert.Contains(roles.Values, r => r.Count == 3);
        return roles;
    }

    /// <summary>Damages the file and returns its new digest (null once deleted).</summary>
    private static string? Apply(Tamper tamper, string path, byte[] original, Random random)
    {
        byte[] damaged;
        switch (tamper)
        {
            case Tamper.Delete:
                File.Delete(path);
                return null;
            case Tamper.FlipBit:
                damaged = (byte[])original.Clone();
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case Tamper.Truncate:
                damaged = original[..random.Next(original.Length)];
                break;
            default:
                var extra = new byte[random.Next(1, 17)];
                random.NextBytes(extra);
                damaged = [.. original, .. extra];
                break;
        }

        File.WriteAllBytes(path, damaged);
        return Sha256Digest.FromBytes(SHA256.HashData(damaged)).Id;
    }

    /// <summary>Three ingest batches, an amendment and a manual checkpoint: about 15 events under several checkpoints.</summary>
    private long BuildLog()
    {
        for (var batch = 0; batch < 3; batch++)
        {
            var files = Enumerable.Range(0, 2).Select(i => _archive.WriteInput($"b{batch}/doc{i}.txt", $"Batch {batch}, document {i}.\n")).ToArray();
            Assert.All(_archive.Ingest(files), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        }

        var first = _archive.Reader.List()[0];
        _archive.Services.Amender.Amend(first.Id, [new("reliability", "B2")], "test-agent");
        _archive.Services.LogService.WriteCheckpoint();
        Assert.True(Verify().IsOk);
        return _archive.Services.LogService.Events().Count;
    }

    private static void AssertLogBrokenAt(long index, VerificationReport report, string what)
    {
        var described = $"{what} at {index}: " + string.Join(" | ", report.Problems.Select(p => $"{p.Kind} {p.LogIndex} {p.Detail}"));
        Assert.True(report.Problems.Any(p => p.Kind == "log" && p.LogIndex == index), described);
        Assert.True(report.Problems.All(p => p.LogIndex is null || p.LogIndex >= index), described);
    }

    private static string EventJson(SqliteConnection raw, long index)
    {
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT json FROM events WHERE idx = $i";
        command.Parameters.AddWithValue("$i", index);
        return (string)command.ExecuteScalar()!;
    }

    private static void SetEventJson(SqliteConnection raw, long index, string json)
    {
        using var command = raw.CreateCommand();
        command.CommandText = "UPDATE events SET json = $json WHERE idx = $i";
        command.Parameters.AddWithValue("$json", json);
        command.Parameters.AddWithValue("$i", index);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static void Swap(SqliteConnection raw, long a, long b)
    {
        using var transaction = raw.BeginTransaction();
        using var command = raw.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            CREATE TEMP TABLE pair AS SELECT * FROM events WHERE idx IN ($a, $b);
            UPDATE events SET (type, capture_id, time, json, leaf) =
                (SELECT type, capture_id, time, json, leaf FROM pair WHERE pair.idx = $a + $b - events.idx)
            WHERE idx IN ($a, $b);
            DROP TABLE pair;
            """;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void Execute(SqliteConnection raw, string sql, long index)
    {
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$i", index);
        command.ExecuteNonQuery();
    }
}
