using System.Diagnostics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Archive.Benchmarks;

/// <summary>
/// Raw Lucene.Net, used directly (not through Archive): a stemmed and an exact field over each text, a durable commit
/// every 256 documents, and queries built as <see cref="Query"/> objects from <see cref="QuerySet.BenchQuery"/> parts,
/// never by Lucene's classic QueryParser. Each search also fetches the top hits' stored text and finds the matches'
/// code-point offsets and passages in it (<see cref="LuceneMatcher"/>), the cost Archive pays for passages.
/// </summary>
internal sealed class LuceneEngine : IDisposable
{
    private const string BodyField = "body";
    private const int CommitEvery = 256;
    private static readonly FieldType IndexedOnly = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS };
    private readonly LuceneBenchAnalyzer _analyzer;
    private readonly LuceneDirectory _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public LuceneEngine(string path, bool arabic)
    {
        _analyzer = new LuceneBenchAnalyzer(arabic);
        _directory = FSDirectory.Open(new DirectoryInfo(path));
    }

    /// <summary>Indexes <paramref name="texts"/>, committing (fsync) every 256 documents and at the end; returns the seconds taken.</summary>
    public double Index(IReadOnlyList<string> texts)
    {
        var clock = Stopwatch.StartNew();
        var config = new IndexWriterConfig(LuceneBenchAnalyzer.Version, _analyzer) { OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i];
                writer.AddDocument(new Document
                {
                    new StringField("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                    new StoredField(BodyField, text),
                    new Field(LuceneBenchAnalyzer.StemField, text, IndexedOnly),
                    new Field(LuceneBenchAnalyzer.ExactField, text, IndexedOnly),
                });
                if (i % CommitEvery == CommitEvery - 1)
                {
                    writer.Commit();
                }
            }

            writer.Commit();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
        return seconds;
    }

    /// <summary>Bytes the index takes on disk.</summary>
    public long DiskBytes => _directory.ListAll().Sum(_directory.FileLength);

    /// <summary>Runs one query: the top <paramref name="limit"/> hits, and, for each, its matches and <paramref name="passages"/> passages; returns the total hit count.</summary>
    public int Search(QuerySet.BenchQuery query, int limit = 10, int passages = 3)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("index first");
        var matcher = new LuceneMatcher();
        var top = searcher.Search(Build(query, matcher), limit);
        if (passages > 0)
        {
            foreach (var hit in top.ScoreDocs)
            {
                matcher.Find(_analyzer, searcher.Doc(hit.Doc).Get(BodyField), passages);
            }
        }

        return top.TotalHits;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private Query Build(QuerySet.BenchQuery query, LuceneMatcher matcher)
    {
        switch (query.Kind)
        {
            case "term":
                return Word(query.Parts[0], matcher);
            case "phrase":
                return Phrase(query.Parts, matcher);
            case "boolean":
                var (a, b) = (Word(query.Parts[0], matcher), query.Operator == "NOT" ? Word(query.Parts[1], new LuceneMatcher()) : Word(query.Parts[1], matcher));
                return query.Operator switch
                {
                    "AND" => new BooleanQuery { { a, Occur.MUST }, { b, Occur.MUST } },
                    "OR" => new BooleanQuery { { a, Occur.SHOULD }, { b, Occur.SHOULD } },
                    _ => new BooleanQuery { { a, Occur.MUST }, { b, Occur.MUST_NOT } },
                };
            case "prefix":
                var prefix = query.Parts[0].ToLowerInvariant();
                matcher.AddPrefix(prefix);
                return new PrefixQuery(new Term(LuceneBenchAnalyzer.ExactField, prefix));
            case "fuzzy":
                var fuzzy = _analyzer.Tokens(LuceneBenchAnalyzer.ExactField, query.Parts[0]).FirstOrDefault() ?? query.Parts[0];
                matcher.AddFuzzy(fuzzy, 1);
                return new FuzzyQuery(new Term(LuceneBenchAnalyzer.ExactField, fuzzy), 1);
            case "alias":
                var any = new BooleanQuery();
                foreach (var variant in query.Parts)
                {
                    any.Add(variant.Contains(' ', StringComparison.Ordinal) ? Phrase(variant.Split(' '), matcher) : Word(variant, matcher), Occur.SHOULD);
                }

                return any;
            default:
                throw new ArgumentException($"unknown query kind {query.Kind}", nameof(query));
        }
    }

    /// <summary>A word against the stemmed field (a phrase there if the analyzer splits it).</summary>
    private Query Word(string word, LuceneMatcher matcher)
    {
        var tokens = _analyzer.Tokens(LuceneBenchAnalyzer.StemField, word);
        tokens.ForEach(matcher.AddStem);
        if (tokens.Count == 1)
        {
            return new TermQuery(new Term(LuceneBenchAnalyzer.StemField, tokens[0]));
        }

        var phrase = new PhraseQuery();
        tokens.ForEach(t => phrase.Add(new Term(LuceneBenchAnalyzer.StemField, t)));
        return phrase;
    }

    /// <summary>Words in order against the exact (unstemmed, stopwords kept) field.</summary>
    private PhraseQuery Phrase(IEnumerable<string> words, LuceneMatcher matcher)
    {
        var phrase = new PhraseQuery();
        foreach (var token in words.SelectMany(w => _analyzer.Tokens(LuceneBenchAnalyzer.ExactField, w)))
        {
            matcher.AddExact(token);
            phrase.Add(new Term(LuceneBenchAnalyzer.ExactField, token));
        }

        return phrase;
    }
}
