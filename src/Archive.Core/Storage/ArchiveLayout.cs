namespace Archive.Core.Storage;

/// <summary>The files and folders of one archive root.</summary>
internal sealed record ArchiveLayout(string Root)
{
    /// <summary>The environment variable that names the archive root when <c>--archive</c> is not given.</summary>
    public const string RootVariable = "ARCHIVE_ROOT";

    public string CatalogPath => Path.Combine(Root, "catalog.db");

    public string BlobsPath => Path.Combine(Root, "blobs");

    public string KeysPath => Path.Combine(Root, "keys");

    public string PrivateKeyPath => Path.Combine(KeysPath, "signing-key.pem");

    public string PublicKeyPath => Path.Combine(KeysPath, "public.pem");

    public string PacksPath => Path.Combine(Root, "packs");

    public string AliasesPath => Path.Combine(Root, "aliases.txt");

    /// <summary>The Lucene.Net search index: derived from the catalog, rebuilt by <c>archive reindex</c>.</summary>
    public string IndexPath => Path.Combine(Root, "index");

    /// <summary>The vectors for search by meaning (SQLite): derived from the texts, filled by <c>archive embed</c> or the server.</summary>
    public string VectorsPath => Path.Combine(Root, "vectors.db");

    /// <summary>Resolves the root: an explicit option, else <c>ARCHIVE_ROOT</c>, else <c>./archive</c>.</summary>
    public static ArchiveLayout Resolve(string? explicitRoot)
    {
        var root = !string.IsNullOrWhiteSpace(explicitRoot)
            ? explicitRoot
            : Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } fromEnv ? fromEnv : "archive";
        return new ArchiveLayout(Path.GetFullPath(root));
    }
}
