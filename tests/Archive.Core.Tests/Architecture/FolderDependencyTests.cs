using System.Reflection;
using NetArchTest.Rules;

namespace Archive.Core.Tests.Architecture;

/// <summary>
/// Core's folders depend on each other one way only. <see cref="Allowed"/> is the whole list of arrows (also written
/// down in docs/architecture.md); a new arrow is a design decision, made here on purpose, never by accident.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>Every Core folder and the folders it may use. Leaves use none.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Text"] = [],
        ["Storage"] = [],
        ["Metadata"] = [],
        ["Tools"] = [],
        ["Provenance"] = ["Storage"],
        ["Security"] = ["Storage", "Provenance"],
        ["Catalog"] = ["Provenance", "Storage", "Metadata", "Text"],
        ["Search"] = ["Catalog", "Storage", "Metadata", "Text"],
        ["Citations"] = ["Storage", "Text"],
        ["Ingestion"] = ["Catalog", "Search", "Provenance", "Storage", "Metadata", "Text", "Tools"],
        ["Pages"] = ["Ingestion", "Catalog", "Storage", "Tools"],
        ["Briefings"] = ["Citations", "Search", "Pages", "Ingestion", "Catalog", "Provenance", "Storage", "Metadata", "Text", "Tools"],
        ["Verification"] = ["Catalog", "Provenance", "Storage"],
        ["Evaluation"] = ["Ingestion", "Search", "Catalog", "Storage", "Metadata"],
        ["Versions"] = ["Citations", "Briefings", "Catalog", "Storage", "Text"],
        ["Export"] = ["Ingestion", "Search", "Briefings", "Catalog", "Provenance", "Storage", "Metadata"],
    };

    private static readonly Assembly Core = typeof(ArchiveCore).Assembly;

    public static TheoryData<string> Folders() => [.. Allowed.Keys];

    /// <summary>Every folder but Evaluation, which builds a whole temporary archive to measure search on it.</summary>
    public static TheoryData<string> FoldersBelowTheRoot() => [.. Allowed.Keys.Where(folder => folder != "Evaluation")];

    [Fact]
    public void Allowed_EveryCoreFolderIsListed()
    {
        var folders = Core.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith("Archive.Core.", StringComparison.Ordinal))
            .Select(n => n!["Archive.Core.".Length..].Split('.')[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(folders.Order(StringComparer.Ordinal), Allowed.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_DependsOnlyOnAllowedFolders(string folder)
    {
        var forbidden = Allowed.Keys
            .Where(other => other != folder && !Allowed[folder].Contains(other))
            .Select(other => "Archive.Core." + other)
            .ToArray();

        var result = Types.InAssembly(Core).That().ResideInNamespace("Archive.Core." + folder)
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} may use only [{string.Join(", ", Allowed[folder])}]; these types use more: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(FoldersBelowTheRoot))]
    public void Folder_NeverReachesTheCompositionRoot(string folder)
    {
        // Services get their parts from ArchiveCore; none may reach back for the whole (the old service bag).
        var result = Types.InAssembly(Core).That().ResideInNamespace("Archive.Core." + folder)
            .ShouldNot().HaveDependencyOnAny("Archive.Core.ArchiveCore", "Archive.Core.ArchiveCoreServices")
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} reaches the composition root: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Allowed_HasNoCycle()
    {
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string folder, Stack<string> path)
        {
            if (done.Contains(folder))
            {
                return;
            }

            path.Push(folder);
            Assert.True(visiting.Add(folder), "cycle: " + string.Join(" <- ", path));
            foreach (var next in Allowed[folder])
            {
                Visit(next, path);
            }

            visiting.Remove(folder);
            done.Add(folder);
            path.Pop();
        }

        foreach (var folder in Allowed.Keys)
        {
            Visit(folder, new Stack<string>());
        }

        Assert.Equal(Allowed.Count, done.Count);
    }
}
