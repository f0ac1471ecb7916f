using System.IO.Compression;
using System.Text;
using Archive.Core.Tests.Ingestion;

namespace Archive.Core.Tests.Evaluation;

/// <summary>A tiny BEIR test collection in a temporary folder, laid out like <c>shared/data/scifact</c>.</summary>
internal sealed class BeirFolder : IDisposable
{
    public const string Corpus = """
        {"_id": "A1", "title": "Apple orchards", "text": "Harvest of apples in the autumn orchard."}
        {"_id": "B2", "title": "Banana plantations", "text": "Bananas grow in warm plantations."}
        {"_id": "C3", "title": "Cherry blossom", "text": "Cherry trees blossom in spring."}
        {"_id": "C4", "title": "Cherry blossom", "text": "Cherry trees blossom in spring."}
        {"_id": "D5", "title": "", "text": "Quinoa fields on high plateaus."}
        """;

    // q3 has no relevant document and q4 no judgment: neither is evaluated. q5's relevant document lacks its word.
    public const string Queries = "query-id\ttext\nq1\tHow are apples harvested?\nq2\tcherry blossom in spring\nq3\tbananas\nq4\tunjudged\nq5\tquinoa\n";

    public const string Qrels = "query-id\tcorpus-id\tscore\nq1\tA1\t1\nq2\tC3\t1\nq2\tC4\t2\nq3\tB2\t0\nq5\tB2\t1\n";

    private readonly TempDirectory _dir = new();

    public BeirFolder(bool gzip = true)
    {
        if (gzip)
        {
            using var file = File.Create(System.IO.Path.Combine(Path, "corpus.jsonl.gz"));
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(Encoding.UTF8.GetBytes(Corpus + "\n"));
        }
        else
        {
            _dir.Write("corpus.jsonl", Corpus + "\n");
        }

        _dir.Write("queries.test.tsv", Queries);
        _dir.Write("qrels.test.tsv", Qrels);
    }

    public string Path => _dir.Path;

    public void Write(string name, string text) => _dir.Write(name, text);

    public void Delete(string name) => File.Delete(System.IO.Path.Combine(Path, name));

    public void Dispose() => _dir.Dispose();
}
