using System.Text.RegularExpressions;

namespace Archive.Core.Tests.Architecture;

/// <summary>
/// One owner per table: only the folder that owns a table creates, writes or (with the exceptions below) reads it. The
/// SQL is found in Core's source, so a statement added anywhere is checked the day it is written.
/// </summary>
public sealed partial class TableOwnershipTests
{
    public static readonly IReadOnlyDictionary<string, string> Owner = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["meta"] = "Storage",
        ["sources"] = "Catalog",
        ["captures"] = "Catalog",
        ["capture_fields"] = "Catalog",
        ["events"] = "Provenance",
        ["checkpoints"] = "Provenance",
        ["timestamps"] = "Provenance",
        ["cosignatures"] = "Provenance",
        ["search_fts"] = "Search", // the FTS5 tables of archives made before Lucene.Net: only dropped, by reindex
        ["search_vocab"] = "Search",
        ["vector_settings"] = "Search", // in vectors.db, the derived store for search by meaning
        ["vector_texts"] = "Search",
        ["vector_chunks"] = "Search",
        ["tokens"] = "Security",
        ["packs"] = "Briefings",
    };

    /// <summary>
    /// Reads outside the owner, each with its reason. Verification is the auditor: it reads the raw rows, never an owner's
    /// view of them. Search reads the details of each hit and the texts of captures
    /// (to embed them and to map vectors to captures), and the index reads new events to catch up with the catalog.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> ReadersBesidesOwner = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Verification"] = ["captures", "events", "checkpoints", "sources", "capture_fields"],
        ["Search"] = ["captures", "sources", "events"],
    };

    public static TheoryData<string, string, string, int> Statements()
    {
        var data = new TheoryData<string, string, string, int>();
        var core = Path.Combine(Repository.Root, "src", "Archive.Core");
        foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(core, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in Sql().Matches(lines[i]))
                {
                    var table = Resolve(match.Groups["table"].Value);
                    if (table is not null)
                    {
                        data.Add(relative, match.Groups["verb"].Value.ToUpperInvariant().Split(' ')[0], table, i + 1);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void Statements_FoundInEveryOwner()
    {
        var folders = Statements().Select(row => ((string)row[0]).Split('/')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["Storage", "Catalog", "Provenance", "Search", "Security", "Briefings"], StringComparer.Ordinal), folders);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_TouchesOnlyTablesItsFolderMayUse(string file, string verb, string table, int line)
    {
        var folder = file.Split('/')[0];
        Assert.True(Owner.ContainsKey(table), $"{file}:{line}: table {table} has no owner in {nameof(Owner)}");
        var owner = Owner[table];
        var isRead = verb is "FROM" or "JOIN";
        var allowed = folder == owner || (isRead && ReadersBesidesOwner.TryGetValue(folder, out var tables) && tables.Contains(table));

        Assert.True(allowed, $"{file}:{line}: {verb} {table} belongs to {owner}; call {owner} instead of touching its table");
    }

    [Theory]
    [InlineData("INSERT INTO captures(id) VALUES (1)", "INSERT", "captures")]
    [InlineData("  SELECT slug FROM sources s JOIN captures c ON c.source_id = s.id", "FROM", "sources")]
    [InlineData("UPDATE {Table} SET title_stem = $ts", "UPDATE", "{Table}")]
    [InlineData("CREATE TABLE IF NOT EXISTS packs(", "CREATE", "packs")]
    [InlineData("DELETE FROM meta WHERE key = $key", "DELETE", "meta")]
    public void Sql_FindsVerbAndTable(string sql, string verb, string table)
    {
        var match = Sql().Match(sql);

        Assert.True(match.Success);
        Assert.Equal(verb, match.Groups["verb"].Value.ToUpperInvariant().Split(' ')[0]);
        Assert.Equal(table, match.Groups["table"].Value);
    }

    // Interpolated names are the search index's own constants.
    private static string? Resolve(string name) => name switch
    {
        "{Table}" => "search_fts",
        "{Vocabulary}" => "search_vocab",
        _ when Owner.ContainsKey(name) => name,
        // SQLite's own tables and table-valued functions belong to no folder.
        _ when name.StartsWith("pragma_", StringComparison.Ordinal) || name is "sqlite_master" or "json_each" => null,
        _ => name.All(c => char.IsAsciiLetterLower(c) || c == '_') ? name : null,
    };

    [GeneratedRegex(@"\b(?<verb>INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+(?:VIRTUAL\s+)?TABLE(?:\s+IF\s+NOT\s+EXISTS)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|FROM|JOIN)\s+(?<table>\{?\w+\}?)")]
    private static partial Regex Sql();
}
