using System.Reflection;
using System.Runtime.CompilerServices;
using Archive.Core.Provenance;
using Archive.Core.Search.Engine;
using Archive.Core.Storage;

namespace Archive.Core.Tests.Architecture;

/// <summary>
/// The hosts reach Core through its public API only (tracked by PublicApiAnalyzers in PublicAPI.Unshipped.txt): no
/// host is granted Core's internals, and the parts an archive is built from stay behind <see cref="ArchiveCore"/>.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly Assembly Core = typeof(ArchiveCore).Assembly;

    [Fact]
    public void InternalsVisibleTo_NamesOnlyTestsAndBenchmarks()
    {
        var friends = Core.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["Archive.Benchmarks", "Archive.Cli.Tests", "Archive.Core.Tests", "Archive.TestInfrastructure", "Archive.Web.Tests"], friends);
    }

    [Theory]
    [InlineData(typeof(ArchiveDatabase))]
    [InlineData(typeof(ContentStore))]
    [InlineData(typeof(EventLog))]
    [InlineData(typeof(LuceneIndex))]
    [InlineData(typeof(CheckpointSigner))]
    public void ArchiveParts_AreNotPublic(Type part)
    {
        Assert.False(part.IsPublic, $"{part.Name} is a part of an open archive; hosts use ArchiveCore's services instead");
    }

    [Fact]
    public void PublicServices_HaveNoPublicConstructorTakingArchiveParts()
    {
        var parts = new HashSet<Type> { typeof(ArchiveDatabase), typeof(ContentStore), typeof(EventLog), typeof(LuceneIndex) };

        var leaks = Core.GetExportedTypes()
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Select(c => (t, c)))
            .Where(x => x.c.GetParameters().Any(p => parts.Contains(p.ParameterType)))
            .Select(x => x.t.FullName)
            .ToList();

        Assert.Empty(leaks);
    }

    [Fact]
    public void PublicApiFile_ListsArchiveCoreAndNoInternalPart()
    {
        var file = Path.Combine(Repository.Root, "src", "Archive.Core", "PublicAPI.Unshipped.txt");
        var lines = File.ReadAllLines(file);

        Assert.Contains("Archive.Core.ArchiveCore", lines);
        Assert.DoesNotContain(lines, l => l.Contains("ArchiveDatabase", StringComparison.Ordinal) || l.Contains("Archive.Core.Storage.ContentStore", StringComparison.Ordinal));
    }
}
