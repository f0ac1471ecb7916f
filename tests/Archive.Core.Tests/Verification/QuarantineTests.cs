using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Archive.Core.Ingestion;
using Archive.Core.Storage;
using Archive.Core.Verification;

namespace Archive.Core.Tests.Verification;

// Stored files are read-only by Unix mode, and status-change times are read with Linux's statx.
[UnsupportedOSPlatform("windows")]
public sealed class QuarantineTests : IDisposable
{
    private readonly TempArchive _archive = new();

    public void Dispose() => _archive.Dispose();

    [Fact]
    public void Run_FilesNothingNames_MovesThemByteForByteAndVerifyIsCleanAgain()
    {
        Assert.All(_archive.Ingest(_archive.WriteInput("kept.txt", "A source the archive keeps.\n")), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        var orphan = Orphan("stored by an ingest that was killed before its commit\n");
        var junk = Path.Combine(_archive.Services.Store.ObjectsRoot, "ab", "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(junk)!);
        File.WriteAllText(junk, "not a blob at all");
        var stored = _archive.StoredFiles().Count;
        Assert.Equal(2, Verify().Problems.Count(p => p.Status == ItemStatus.Untracked));

        var report = _archive.Services.Quarantine.Run(TimeSpan.Zero, dryRun: false, null, CancellationToken.None);

        Assert.Equal(new[] { Relative(junk), Relative(orphan) }.Order(StringComparer.Ordinal), report.Moved.Select(m => m.Path).Order(StringComparer.Ordinal));
        Assert.Empty(report.Left);
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(junk));
        Assert.True(Verify().IsOk);
        Assert.Equal(stored - 2, _archive.StoredFiles().Count);
        var folder = Path.Combine(_archive.Root, report.Folder!);
        Assert.StartsWith(Path.Combine(_archive.Root, "quarantine") + Path.DirectorySeparatorChar, folder, StringComparison.Ordinal);
        Assert.Equal("stored by an ingest that was killed before its commit\n", File.ReadAllText(Path.Combine(folder, Path.GetRelativePath(_archive.Root, orphan))));
        // The manifest is what sha256sum -c reads: the hash of each file's bytes and its path in the folder.
        var manifest = File.ReadAllLines(Path.Combine(folder, "manifest-sha256.txt"));
        Assert.Equal(2, manifest.Length);
        foreach (var line in manifest)
        {
            var (hash, path) = (line[..64], line[66..]);
            Assert.Equal("  ", line[64..66]);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, path)))));
        }

        // Nothing left to move; the archive's own folder is never ingested as a source.
        Assert.Empty(_archive.Services.Quarantine.Run(TimeSpan.Zero, dryRun: false, null, CancellationToken.None).Moved);
        Assert.True(_archive.Layout.IsOwnEntry(Path.Combine(folder, "manifest-sha256.txt")));
    }

    [Fact]
    public void Run_DryRunOrFilesChangedLately_MovesNothing()
    {
        var orphan = Orphan("a recent file\n");

        var dry = _archive.Services.Quarantine.Run(TimeSpan.Zero, dryRun: true, null, CancellationToken.None);
        var recent = _archive.Services.Quarantine.Run(TimeSpan.FromHours(1), dryRun: false, null, CancellationToken.None);

        Assert.Equal(Relative(orphan), Assert.Single(dry.Moved).Path);
        Assert.Null(dry.Folder);
        Assert.Null(dry.Moved[0].QuarantinedAs);
        Assert.Empty(recent.Moved);
        Assert.Contains("less than 1 h: a write may be about to name it", Assert.Single(recent.Left).Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(orphan));
        Assert.False(Directory.Exists(_archive.Layout.QuarantinePath));
    }

    [Fact]
    public void Commit_OfBytesAlreadyStored_MarksTheStoredFileAsChangedNow()
    {
        // An orphan whose bytes an ingest then stores again: the ingest names the file without writing it, and its
        // status-change time says so, so a quarantine running beside it leaves it alone.
        const string Text = "The same bytes, stored before by an ingest that stopped.\n";
        var orphan = Orphan(Text);
        var before = NativeFileSystem.StatusChanged(orphan);
        Thread.Sleep(50);

        Assert.All(_archive.Ingest(_archive.WriteInput("again.txt", Text)), o => Assert.Equal(IngestStatus.Ingested, o.Status));

        Assert.NotNull(before);
        Assert.True(NativeFileSystem.StatusChanged(orphan) > before);
        Assert.True(Verify().IsOk);
        Assert.Empty(_archive.Services.Quarantine.Run(TimeSpan.Zero, dryRun: false, null, CancellationToken.None).Moved);
    }

    [Fact]
    public void Run_ArchiveWithOtherProblems_MovesNothing()
    {
        // As after restoring an older catalog: a file the log no longer names looks like an orphan, but the archive
        // is not sound, and nothing moves until what verify reports is resolved.
        Assert.All(_archive.Ingest(_archive.WriteInput("kept.txt", "A source the archive keeps.\n")), o => Assert.Equal(IngestStatus.Ingested, o.Status));
        var orphan = Orphan("an orphan\n");
        var capture = Assert.Single(_archive.Reader.List());
        var blob = _archive.Services.Store.PathFor(capture.Id.Digest);
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.AppendAllText(blob, "changed");

        var refused = Assert.Throws<ArchiveException>(() => _archive.Services.Quarantine.Run(TimeSpan.Zero, dryRun: false, null, CancellationToken.None));

        Assert.Equal(ArchiveErrorKind.NeedsAction, refused.Kind);
        Assert.StartsWith("verify finds 2 problem(s) besides untracked files in the store", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(orphan));
    }

    [Fact]
    public void Run_ALinkOrAFolderAmongTheFiles_StaysAndIsNamed()
    {
        var link = Path.Combine(_archive.Services.Store.ObjectsRoot, "cd", "link");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, "/dev/zero");
        var orphan = Orphan("an orphan beside a link\n");

        var report = _archive.Services.Quarantine.Run(TimeSpan.Zero, dryRun: false, null, CancellationToken.None);

        Assert.Equal(Relative(orphan), Assert.Single(report.Moved).Path);
        var kept = Assert.Single(report.Left);
        Assert.Equal((Relative(link), true), (kept.Path, kept.Reason.StartsWith("not a regular file", StringComparison.Ordinal)));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void RequireStored_AFileGoneBeforeTheCommit_RefusesTheCommit()
    {
        var orphan = Orphan("moved aside between storing and committing\n");
        var digest = Sha256Digest.Parse("sha256:" + Path.GetFileName(orphan));
        _archive.Services.Store.RequireStored([digest]);
        File.Delete(orphan);

        var refused = Assert.Throws<ArchiveException>(() => _archive.Services.Store.RequireStored([digest]));

        Assert.Equal(ArchiveErrorKind.Conflict, refused.Kind);
        Assert.Contains("left the store before the commit that names it", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AStagedFileOfADeadProcess_MovesItWhateverItsAge()
    {
        using var finished = System.Diagnostics.Process.Start("true")!;
        finished.WaitForExit();
        Directory.CreateDirectory(_archive.Services.Store.TempRoot);
        var dead = Path.Combine(_archive.Services.Store.TempRoot, $"{finished.Id}-0123456789abcdef.tmp");
        var alive = Path.Combine(_archive.Services.Store.TempRoot, $"{Environment.ProcessId}-fedcba9876543210.tmp");
        File.WriteAllText(dead, "staged by an ingest killed before its commit");
        File.WriteAllText(alive, "staged by this process");

        var report = _archive.Services.Quarantine.Run(TimeSpan.FromHours(1), dryRun: false, null, CancellationToken.None);

        Assert.Equal(Relative(dead), Assert.Single(report.Moved).Path);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(alive));
    }

    [Fact]
    public void StatusChanged_MissingFile_IsNull()
    {
        Assert.Null(NativeFileSystem.StatusChanged(Path.Combine(_archive.Root, "no-such-file")));
    }

    /// <summary>A file stored under its digest as an ingest stores it, with no commit naming it.</summary>
    private string Orphan(string text)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        var path = _archive.Services.Store.PathFor(Sha256Digest.FromBytes(SHA256.HashData(bytes)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    private string Relative(string path) => Path.GetRelativePath(_archive.Root, path);

    private VerificationReport Verify() =>
        _archive.Services.Verifier.Verify("test-auditor", record: false, null, CancellationToken.None);
}
