using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Archive.Core.Evaluation;

/// <summary>
/// A BEIR test collection folder: <c>corpus.jsonl</c> or <c>corpus.jsonl.gz</c> (<c>_id</c>, <c>title</c>,
/// <c>text</c>); <c>queries.test.tsv</c> (<c>id TAB text</c>) or <c>queries.jsonl</c>; and <c>qrels.test.tsv</c>
/// or <c>qrels/test.tsv</c> (<c>query-id TAB corpus-id TAB score</c>). Header lines are skipped.
/// </summary>
internal sealed record BeirDataset(
    IReadOnlyList<BeirDocument> Documents,
    IReadOnlyList<BeirQuery> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgments)
{
    private static readonly string[] QueryHeaderIds = ["query-id", "query_id", "qid", "_id", "id"];

    /// <summary>Reads the folder; throws <see cref="ArchiveException"/> naming the file and line that is wrong.</summary>
    public static BeirDataset Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{folder}: no such folder");
        }

        var corpus = Find(folder, "corpus.jsonl", "corpus.jsonl.gz");
        var queries = Find(folder, "queries.test.tsv", "queries.jsonl");
        var qrels = Find(folder, "qrels.test.tsv", Path.Combine("qrels", "test.tsv"));
        return new BeirDataset(ReadCorpus(corpus), ReadQueries(queries), ReadJudgments(qrels));
    }

    private static string Find(string folder, params string[] names) =>
        names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists)
        ?? throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{folder}: needs {string.Join(" or ", names)}");

    private static IEnumerable<(int Number, string Text)> Lines(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > 0)
            {
                yield return (number, line);
            }
        }
    }

    private static List<BeirDocument> ReadCorpus(string path) =>
        [.. Lines(path).Select(l =>
        {
            var json = Json(path, l.Number, l.Text);
            return new BeirDocument(String(json, "_id") ?? throw Bad(path, l.Number, "no _id"), String(json, "title") ?? string.Empty, String(json, "text") ?? string.Empty);
        })];

    private static List<BeirQuery> ReadQueries(string path)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return [.. Lines(path).Select(l =>
            {
                var json = Json(path, l.Number, l.Text);
                return new BeirQuery(String(json, "_id") ?? throw Bad(path, l.Number, "no _id"), String(json, "text") ?? string.Empty);
            })];
        }

        var queries = new List<BeirQuery>();
        foreach (var (number, line) in Lines(path))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw Bad(path, number, "expected 'id<TAB>text'");
            }

            var id = line[..tab];
            if (number == 1 && QueryHeaderIds.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            queries.Add(new BeirQuery(id, line[(tab + 1)..]));
        }

        return queries;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadJudgments(string path)
    {
        var judgments = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (number, line) in Lines(path))
        {
            var fields = line.Split('\t');
            if (fields.Length != 3 || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var relevance))
            {
                if (number == 1)
                {
                    continue;
                }

                throw Bad(path, number, "expected 'query-id<TAB>corpus-id<TAB>score'");
            }

            if (!judgments.TryGetValue(fields[0], out var perQuery))
            {
                judgments[fields[0]] = perQuery = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            perQuery[fields[1]] = relevance;
        }

        return judgments.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }

    private static JsonElement Json(string path, int number, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw Bad(path, number, ex.Message);
        }
    }

    private static string? String(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static ArchiveException Bad(string path, int line, string problem) => new($"{path}:{line}: {problem}");
}
