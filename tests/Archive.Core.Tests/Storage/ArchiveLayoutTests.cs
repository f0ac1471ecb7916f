using Archive.Core.Storage;
using Archive.Core.Tests.Ingestion;

namespace Archive.Core.Tests.Storage;

public sealed class ArchiveLayoutTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("catalog.db", true)]
    [InlineData("catalog.db-wal", true)]
    [InlineData("blobs/sha256/ab/abcd", true)]
    [InlineData("keys/signing-key.pem", true)]
    [InlineData("packs/brief.pdf", true)]
    [InlineData("aliases.txt", true)]
    [InlineData("quarantine/20261205T101500000Z/manifest-sha256.txt", true)]
    [InlineData("sources/report.txt", false)]
    [InlineData("catalog.txt", false)]
    public void IsOwnEntry_TheArchivesPartsButNotSourcesKeptUnderTheRoot(string relative, bool own)
    {
        var layout = new ArchiveLayout(Path.Combine(_dir.Path, "archive"));

        Assert.Equal(own, layout.IsOwnEntry(Path.Combine(layout.Root, relative)));
        Assert.False(layout.IsOwnEntry(Path.Combine(_dir.Path, relative)));
    }

    [Fact]
    public void IsOwnEntry_RootGivenAsASymbolicLink_KnowsItsPartsByTheRealPathToo()
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir.Path, "real")).FullName;
        var link = Path.Combine(_dir.Path, "link");
        Directory.CreateSymbolicLink(link, real);
        var layout = new ArchiveLayout(link);

        Assert.True(layout.IsOwnEntry(Path.Combine(real, "aliases.txt")));
        Assert.True(layout.IsOwnEntry(Path.Combine(link, "aliases.txt")));
        Assert.False(layout.IsOwnEntry(Path.Combine(real, "sources", "a.txt")));
    }

    [Fact]
    public void IsOwnEntry_RootAtTheFileSystemRoot_StillMatches()
    {
        Assert.True(new ArchiveLayout("/").IsOwnEntry("/catalog.db"));
        Assert.False(new ArchiveLayout("/").IsOwnEntry("/home/report.txt"));
    }
}
