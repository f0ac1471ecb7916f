using System.Security.Cryptography;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Storage;

public sealed class ContentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "archive-store-" + Guid.NewGuid().ToString("N"));

    /// <summary>Runs <paramref name="work"/> with <c>_root</c> open as a folder, as verify opens the store's (Linux only).</summary>
    private T InOpenFolder<T>(Func<int, T> work)
    {
        Directory.CreateDirectory(_root);
        var folder = NativeFileSystem.OpenFolder(_root);
        Assert.True(folder >= 0);
        try
        {
            return work(folder);
        }
        finally
        {
            NativeFileSystem.CloseFolder(folder);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(ContentStore.HashBufferSize)]
    [InlineData((3 * ContentStore.HashBufferSize) + 7)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void HashFileAt_FileInAnOpenFolder_SameDigestAndLengthAsByItsPath(int length)
    {
        if (!NativeFileSystem.CanHashFiles)
        {
            return; // Verify opens blobs this way on Linux only.
        }

        var bytes = RandomNumberGenerator.GetBytes(length);
        var path = Path.Combine(_root, "blob");
        var digest = new byte[32];

        var size = InOpenFolder(folder =>
        {
            File.WriteAllBytes(path, bytes);
            return NativeFileSystem.HashFileAt(folder, "blob"u8, System.Text.Encoding.UTF8.GetBytes(path), digest, ContentStore.HashBufferSize, CancellationToken.None);
        });

        Assert.Equal(SHA256.HashData(bytes), digest);
        Assert.Equal(length, size);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void HashFileAt_NoSuchFile_ThrowsFileNotFoundNamingTheWholePath()
    {
        if (!NativeFileSystem.CanHashFiles)
        {
            return;
        }

        var path = Path.Combine(_root, "gone");

        var thrown = InOpenFolder(folder => Record.Exception(() => NativeFileSystem.HashFileAt(folder, "gone"u8, System.Text.Encoding.UTF8.GetBytes(path), new byte[32], ContentStore.HashBufferSize, CancellationToken.None)));

        Assert.Equal(path, Assert.IsType<FileNotFoundException>(thrown).FileName);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void OpenFolder_AbsentOrAFile_IsMinusOne()
    {
        if (!NativeFileSystem.CanHashFiles)
        {
            return; // Verify opens blobs this way on Linux only.
        }

        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "file");
        File.WriteAllText(file, "not a folder");

        Assert.Equal(-1, NativeFileSystem.OpenFolder(Path.Combine(_root, "absent")));
        Assert.Equal(-1, NativeFileSystem.OpenFolder(file));
    }

    [Fact]
    public void RemoveStaleTemps_DeadAndLiveOwners_RemovesOnlyTheDeadOnes()
    {
        var store = new ContentStore(_root);
        Directory.CreateDirectory(store.TempRoot);
        var dead = Path.Combine(store.TempRoot, $"{int.MaxValue - 1}-{Guid.NewGuid():N}.tmp");
        var mine = Path.Combine(store.TempRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        var foreign = Path.Combine(store.TempRoot, "notes.txt");
        File.WriteAllText(dead, "left by a killed ingest");
        File.WriteAllText(mine, "staged by this process");
        File.WriteAllText(foreign, "not a temp file");

        var removed = store.RemoveStaleTemps();

        Assert.Equal(1, removed);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(mine));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void StageAndCommit_NewBytes_StoredReadOnlyUnderTheirHash()
    {
        var store = new ContentStore(_root);
        var bytes = "evidence"u8.ToArray();

        var staged = store.Stage(bytes);
        store.MakeDurable([staged]);
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        var path = store.Commit(staged, dirty);
        store.SyncDirectories(dirty);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Path.GetFileName(path));
        Assert.Equal(store.PathFor(staged.Digest), path);
        Assert.False(File.Exists(staged.TempPath));
        Assert.Equal(staged.Digest, ContentStore.HashFile(path, CancellationToken.None).Digest);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Commit_SameBytesTwice_KeepsOneFileAndDropsTheSecondTemp()
    {
        var store = new ContentStore(_root);
        var first = store.Stage("same"u8);
        var second = store.Stage("same"u8);
        var dirty = new HashSet<string>(StringComparer.Ordinal);

        var a = store.Commit(first, dirty);
        var b = store.Commit(second, dirty);

        Assert.Equal(a, b);
        Assert.False(File.Exists(second.TempPath));
        Assert.Single(store.EnumerateFiles());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Commit_TargetAlreadyStored_KeepsTheStoredFileUntouched()
    {
        var store = new ContentStore(_root);
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        var stored = store.Commit(store.Stage("kept"u8), dirty);
        var before = File.GetLastWriteTimeUtc(stored);
        // A temp file under the same digest with other bytes: only a move that overwrote would put them in the store.
        var second = store.Stage("kept"u8);
        File.SetUnixFileMode(second.TempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(second.TempPath, "other bytes");

        var path = store.Commit(second, dirty);

        Assert.Equal(stored, path);
        Assert.Equal("kept", File.ReadAllText(stored));
        Assert.Equal(before, File.GetLastWriteTimeUtc(stored));
        Assert.False(File.Exists(second.TempPath));
    }

    [Fact]
    public void TryRenameNoReplace_MovesOnlyWhenTheTargetIsFree()
    {
        Directory.CreateDirectory(_root);
        var source = Path.Combine(_root, "source");
        var target = Path.Combine(_root, "target");
        File.WriteAllText(source, "first");
        var moved = NativeFileSystem.TryRenameNoReplace(source, target);
        if (moved is null)
        {
            // Not Linux, or a file system without RENAME_NOREPLACE (NFS, FUSE): nothing moved, the caller uses File.Move.
            Assert.True(File.Exists(source));
            Assert.False(File.Exists(target));
            return;
        }

        Assert.True(moved);
        Assert.False(File.Exists(source));
        Assert.Equal("first", File.ReadAllText(target));

        File.WriteAllText(source, "second");
        Assert.False(NativeFileSystem.TryRenameNoReplace(source, target));
        Assert.Equal("second", File.ReadAllText(source));
        Assert.Equal("first", File.ReadAllText(target));

        Assert.Throws<FileNotFoundException>(() => NativeFileSystem.TryRenameNoReplace(Path.Combine(_root, "missing"), Path.Combine(_root, "elsewhere")));
    }

    [Fact]
    public void Commit_DirectoryAtTheTarget_FailsAndKeepsTheStagedFile()
    {
        var store = new ContentStore(_root);
        var staged = store.Stage("blocked"u8);
        Directory.CreateDirectory(store.PathFor(staged.Digest));

        var error = Assert.Throws<IOException>(() => store.Commit(staged, new HashSet<string>(StringComparer.Ordinal)));

        Assert.Contains(staged.Digest.Id, error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(staged.TempPath));
    }
}
