using Archive.Core.Storage;
using Archive.Core.Catalog;
using Archive.Core.Security;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Tests.Security;

public sealed class TokenStoreTests : IDisposable
{
    private readonly ArchiveLayout _layout = new(Path.Combine(Path.GetTempPath(), "archive-token-tests-" + Guid.NewGuid().ToString("N")));

    public TokenStoreTests() => ArchiveCore.Initialize(_layout, TimeProvider.System);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_layout.Root, recursive: true);
    }

    [Fact]
    public void Create_NewName_AuthenticatesAndStoresOnlyTheHash()
    {
        var store = new TokenStore(new ArchiveDatabase(_layout), TimeProvider.System);
        var issued = store.Create("alice", TokenRole.Archivist);
        Assert.StartsWith(TokenStore.Prefix, issued.Token, StringComparison.Ordinal);
        Assert.Equal(("alice", "archivist"), (store.Authenticate(issued.Token)!.Name, store.Authenticate(issued.Token)!.Role));
        var catalog = File.ReadAllBytes(_layout.CatalogPath).Concat(File.Exists(_layout.CatalogPath + "-wal") ? File.ReadAllBytes(_layout.CatalogPath + "-wal") : []).ToArray();
        Assert.Equal(-1, System.Text.Encoding.ASCII.GetString(catalog).IndexOf(issued.Token, StringComparison.Ordinal));
    }

    [Fact]
    public void Authenticate_WrongOrRevokedToken_ReturnsNull()
    {
        var store = new TokenStore(new ArchiveDatabase(_layout), TimeProvider.System);
        var issued = store.Create("bob", TokenRole.Reader);
        Assert.Null(store.Authenticate(issued.Token + "x"));
        Assert.Null(store.Authenticate("not-a-token"));
        store.Revoke("bob");
        Assert.Null(store.Authenticate(issued.Token));
        Assert.True(store.List().Single().IsRevoked);
    }

    [Theory]
    [InlineData("carol", "superuser")]
    [InlineData("", "reader")]
    [InlineData("has space", "reader")]
    public void Create_BadNameOrRole_Throws(string name, string role)
    {
        var store = new TokenStore(new ArchiveDatabase(_layout), TimeProvider.System);
        Assert.Throws<ArchiveException>(() => store.Create(name, role));
    }

    [Fact]
    public void Create_NameUsedBeforeEvenIfRevoked_Throws()
    {
        var store = new TokenStore(new ArchiveDatabase(_layout), TimeProvider.System);
        store.Create("dave", TokenRole.Admin);
        store.Revoke("dave");
        Assert.Throws<ArchiveException>(() => store.Create("dave", TokenRole.Admin));
        Assert.Throws<ArchiveException>(() => store.Revoke("dave"));
    }
}
