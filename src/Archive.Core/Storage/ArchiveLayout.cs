namespace Archive.Core.Storage;

/// <summary>The files and folders of one archive root.</summary>
public sealed record ArchiveLayout(string Root)
{
    /// <summary>The environment variable that names the archive root when <c>--archive</c> is not given.</summary>
    public const string RootVariable = "ARCHIVE_ROOT";

    /// <summary>The environment variable that names a signing key kept outside the archive when <c>--key</c> is not given.</summary>
    public const string KeyVariable = "ARCHIVE_KEY";

    /// <summary>A private signing key kept outside the archive root; null for the default <c>keys/signing-key.pem</c>.</summary>
    public string? SigningKeyFile { get; init; }

    public string CatalogPath => Path.Combine(Root, "catalog.db");

    public string BlobsPath => Path.Combine(Root, "blobs");

    public string KeysPath => Path.Combine(Root, "keys");

    public string PrivateKeyPath => SigningKeyFile ?? DefaultPrivateKeyPath;

    /// <summary>Where the private key sits when it is kept inside the archive.</summary>
    public string DefaultPrivateKeyPath => Path.Combine(KeysPath, "signing-key.pem");

    public string PublicKeyPath => Path.Combine(KeysPath, "public.pem");

    public string PacksPath => Path.Combine(Root, "packs");

    public string AliasesPath => Path.Combine(Root, "aliases.txt");

    /// <summary>The Lucene.Net search index: derived from the catalog, rebuilt by <c>archive reindex</c>.</summary>
    public string IndexPath => Path.Combine(Root, "index");

    /// <summary>Files moved out of the store by <c>archive quarantine</c> (no event names them), kept byte for byte.</summary>
    public string QuarantinePath => Path.Combine(Root, "quarantine");

    /// <summary>The vectors for search by meaning (SQLite): derived from the texts, filled by <c>archive embed</c> or the server.</summary>
    public string VectorsPath => Path.Combine(Root, "vectors.db");

    /// <summary>
    /// True when <paramref name="path"/> is one of the archive's own files or folders (the catalog and its journals,
    /// blobs, keys, the index, packs, quarantine, vectors, aliases.txt) or lies inside one; a folder of sources kept under the
    /// root (archive/sources) is not.
    /// </summary>
    public bool IsOwnEntry(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OwnEntryTest()(path);
    }

    /// <summary>As <see cref="IsOwnEntry"/>, with the root's real path worked out once: a folder walk asks for every entry it meets.</summary>
    internal Func<string, bool> OwnEntryTest()
    {
        var roots = Roots();
        return path => roots.Any(root => IsOwnEntryUnder(root, Path.GetFullPath(path)));
    }

    /// <summary>The root as given and, when it is a symbolic link, where it leads: a folder walk reaches it either way.</summary>
    private string[] Roots()
    {
        var given = Path.GetFullPath(Root);
        var resolved = Directory.Exists(given) ? new DirectoryInfo(given).ResolveLinkTarget(returnFinalTarget: true)?.FullName : null;
        return resolved is null ? [given] : [given, resolved];
    }

    private static bool IsOwnEntryUnder(string root, string full)
    {
        root = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            return false;
        }

        var first = full[root.Length..].Split(Path.DirectorySeparatorChar)[0];
        return first is "blobs" or "keys" or "index" or "index.lock" or "packs" or "quarantine" or "aliases.txt"
            || first.StartsWith("catalog.db", StringComparison.Ordinal) || first.StartsWith("vectors.db", StringComparison.Ordinal);
    }

    /// <summary>
    /// Resolves the root (an explicit option, else <c>ARCHIVE_ROOT</c>, else <c>./archive</c>) and the signing key (an
    /// explicit option, else <c>ARCHIVE_KEY</c>, else <c>keys/signing-key.pem</c> inside the root).
    /// </summary>
    public static ArchiveLayout Resolve(string? explicitRoot, string? explicitKey = null)
    {
        var root = !string.IsNullOrWhiteSpace(explicitRoot)
            ? explicitRoot
            : Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } fromEnv ? fromEnv : "archive";
        var key = !string.IsNullOrWhiteSpace(explicitKey)
            ? explicitKey
            : Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } keyFromEnv ? keyFromEnv : null;
        return new ArchiveLayout(Path.GetFullPath(root)) { SigningKeyFile = key is null ? null : Path.GetFullPath(key) };
    }
}
