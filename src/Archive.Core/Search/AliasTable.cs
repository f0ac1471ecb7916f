namespace Archive.Core.Search;

/// <summary>
/// Name-variant sets used to expand query terms, read from <c>archive/aliases.txt</c>. Read-only after loading and
/// safe to share between threads.
/// </summary>
/// <remarks>
/// <para><b>File format</b> (UTF-8): one set per line, entries separated by a vertical bar <c>|</c>; spaces around
/// entries are ignored. Entries may have several words and may be in any script:</para>
/// <code>
/// # comment
/// ISIS | ISIL | Daesh | Islamic State | داعش
/// </code>
/// <para>A <c>#</c> at the start of a line, or after a space, starts a comment that runs to the end of the line. Blank
/// lines are ignored. Commas and slashes are not separators, so a name may contain them.</para>
/// <para><b>Lookup</b> is by analyzed form, so case, diacritics, apostrophes, hyphens and Arabic spelling variants
/// (أ/ا, ة/ه, tashkeel) do not matter: "al-Hasakah", "Al Hasakah" and "AL-HASAKAH" are the same entry. The exact forms
/// are tried first; then the stems, which lets an Arabic word with a clitic (والحسكة) find the entry الحسكة. A stem
/// shared by entries of two different sets is not used for lookup.</para>
/// <para>An entry may belong to one set only: a later duplicate is reported and skipped. Expansion happens at query
/// time, so editing this file needs no reindex.</para>
/// </remarks>
internal sealed class AliasTable
{
    /// <summary>Writes the shipped name-variant sets to <paramref name="path"/> unless a file is there; true if written.</summary>
    internal static bool WriteShipped(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        using var shipped = typeof(AliasTable).Assembly.GetManifestResourceStream("Archive.Core.aliases.txt")!;
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        shipped.CopyTo(file);
        return true;
    }

    /// <summary>The entry separator of the alias file.</summary>
    public const char Separator = '|';

    private readonly Analyzer _analyzer;
    private readonly Dictionary<string, (AliasSet Set, AliasEntry Entry)> _byExact;
    private readonly Dictionary<string, (AliasSet Set, AliasEntry Entry)?> _byStem;

    private AliasTable(
        Analyzer analyzer,
        IReadOnlyList<AliasSet> sets,
        Dictionary<string, (AliasSet Set, AliasEntry Entry)> byExact,
        Dictionary<string, (AliasSet Set, AliasEntry Entry)?> byStem)
    {
        _analyzer = analyzer;
        Sets = sets;
        _byExact = byExact;
        _byStem = byStem;
    }

    /// <summary>The sets in file order.</summary>
    public IReadOnlyList<AliasSet> Sets { get; }

    /// <summary>A table with no sets.</summary>
    public static AliasTable Empty(Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        return new AliasTable(analyzer, [], [], []);
    }

    /// <summary>Reads an alias file. I/O errors are exceptions; problems with its content are in the result.</summary>
    public static AliasTableLoadResult Load(string path, Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), analyzer);
    }

    /// <summary>Parses the content of an alias file.</summary>
    public static AliasTableLoadResult Parse(string content, Analyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(analyzer);

        var sets = new List<AliasSet>();
        var problems = new List<AliasFileProblem>();
        var byExact = new Dictionary<string, (AliasSet Set, AliasEntry Entry)>(StringComparer.Ordinal);
        var byStem = new Dictionary<string, (AliasSet Set, AliasEntry Entry)?>(StringComparer.Ordinal);
        var exactLine = new Dictionary<string, int>(StringComparer.Ordinal);

        var lines = content.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = StripComment(lines[index].TrimEnd('\r'));
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var entries = new List<AliasEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in line.Split(Separator))
            {
                var text = part.Trim();
                if (text.Length == 0)
                {
                    problems.Add(new AliasFileProblem(lineNumber, $"an empty entry: put exactly one name between each '{Separator}'"));
                    continue;
                }

                var tokens = analyzer.Tokenize(text);
                var analyzed = (Exact: string.Join(' ', tokens.Select(t => t.Term)), Stem: string.Join(' ', tokens.Select(t => t.Stem)));
                if (tokens.Count == 0)
                {
                    problems.Add(new AliasFileProblem(lineNumber, $"\"{text}\" has no searchable words"));
                    continue;
                }

                if (exactLine.TryGetValue(analyzed.Exact, out var firstLine))
                {
                    problems.Add(new AliasFileProblem(
                        lineNumber,
                        $"\"{text}\" is already in the set on line {firstLine}; a name can belong to one set only"));
                    continue;
                }

                if (seen.Add(analyzed.Exact))
                {
                    entries.Add(new AliasEntry(text, analyzed.Exact, analyzed.Stem));
                }
            }

            if (entries.Count < 2)
            {
                if (entries.Count == 1)
                {
                    problems.Add(new AliasFileProblem(
                        lineNumber,
                        $"a set needs at least two names separated by '{Separator}'; \"{entries[0].Text}\" is alone"));
                }

                continue;
            }

            var set = new AliasSet(lineNumber, entries);
            sets.Add(set);
            foreach (var entry in entries)
            {
                exactLine[entry.Exact] = lineNumber;
                byExact[entry.Exact] = (set, entry);
                if (byStem.TryGetValue(entry.Stem, out var existing))
                {
                    if (existing is { } e && !ReferenceEquals(e.Set, set))
                    {
                        byStem[entry.Stem] = null; // ambiguous between two sets: stems are not used for this key
                    }
                }
                else
                {
                    byStem[entry.Stem] = (set, entry);
                }
            }
        }

        return new AliasTableLoadResult(new AliasTable(analyzer, sets, byExact, byStem), problems);
    }

    /// <summary>Finds the alias entry for analyzed words, given as space-joined exact forms and stems.</summary>
    public AliasMatch? Find(string exact, string stem)
    {
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(stem);
        if (_byExact.TryGetValue(exact, out var hit))
        {
            return new AliasMatch(hit.Set, hit.Entry, ByStem: false);
        }

        if (_byStem.TryGetValue(stem, out var byStem) && byStem is { } stemHit)
        {
            return new AliasMatch(stemHit.Set, stemHit.Entry, ByStem: true);
        }

        return null;
    }

    /// <summary>Finds the alias entry whose words are exactly <paramref name="tokens"/>.</summary>
    public AliasMatch? Find(IReadOnlyList<Token> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
        {
            return null;
        }

        return Find(string.Join(' ', tokens.Select(t => t.Term)), string.Join(' ', tokens.Select(t => t.Stem)));
    }

    /// <summary>The other entries of the set that <paramref name="tokens"/> belong to, or an empty list.</summary>
    public IReadOnlyList<AliasEntry> Expand(IReadOnlyList<Token> tokens) => Find(tokens)?.Others ?? [];

    /// <summary>Analyzes <paramref name="text"/> and returns the other entries of its set, or an empty list.</summary>
    public IReadOnlyList<AliasEntry> Expand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Expand(_analyzer.Tokenize(text));
    }

    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }
}
