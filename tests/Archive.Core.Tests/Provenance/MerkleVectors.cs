namespace Archive.Core.Tests.Provenance;

/// <summary>
/// Locates the shared transparency-dev/merkle test vectors, which live beside the repository in
/// <c>shared/data/merkle-vectors</c> and are never copied into it.
/// </summary>
internal static class MerkleVectors
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The vector folder; throws when it cannot be found, so the tests using it fail instead of passing empty.</summary>
    public static string Folder => Root.Value;

    /// <summary>Every vector file under <paramref name="kind"/> (<c>inclusion</c> or <c>consistency</c>), as sorted paths relative to <see cref="Folder"/>.</summary>
    public static IReadOnlyList<string> Files(string kind)
    {
        var folder = Path.Combine(Folder, kind);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Merkle vector folder '{folder}' is missing.");
        }

        return [.. Directory
            .EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Full path of a file returned by <see cref="Files"/>.</summary>
    public static string FullPath(string relativePath) => Path.Combine(Folder, relativePath);

    private static string Locate()
    {
        // The repository (or a git worktree of it) has ../shared beside it, so some
        // ancestor of the test binaries has a "shared" child holding the vectors.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "merkle-vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/data/merkle-vectors folder found in any ancestor of '{AppContext.BaseDirectory}'.");
    }
}
