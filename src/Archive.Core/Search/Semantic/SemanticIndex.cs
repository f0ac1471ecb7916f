using System.Diagnostics;
using Archive.Core.Storage;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Search by meaning for one archive: which texts wait to be embedded, the embedding itself (chunk, embed, store one
/// text per transaction: <c>archive embed</c> in the foreground, <c>archive serve</c> in the background), and the
/// vectors in memory for queries, read again when the store changes. English texts only: the shipped model does not
/// understand other languages, so their captures stay lexical.
/// </summary>
public sealed class SemanticIndex
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _content;
    private readonly Func<ITextEmbedder> _embedder;
    private readonly Lock _gate = new();
    private readonly VectorStore _store;
    private (long Generation, long Removals) _generation = (-1, -1);
    private long _lastRowId;
    private long _readAt;
    private VectorSet? _vectors;
    private IReadOnlyList<string> _broken = [];

    /// <summary>How long texts embedded since the vectors were read wait before a search adds them (read again whole at once after a removal).</summary>
    public static readonly TimeSpan AddedTextsDelay = TimeSpan.FromSeconds(10);

    /// <summary>The longest a chunk waits for searches to finish, so embedding goes on (slowly) under constant load.</summary>
    public static readonly TimeSpan GiveWay = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(5);

    /// <param name="embedder">Made on first use (loading the model takes a second or two and some 300 MB).</param>
    internal SemanticIndex(ArchiveDatabase database, ContentStore content, string path, string model, int dimensions, Func<ITextEmbedder> embedder)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _content = content ?? throw new ArgumentNullException(nameof(content));
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _store = new VectorStore(path, model, dimensions);
        Model = model;
        Dimensions = dimensions;
    }

    public string Model { get; }

    public int Dimensions { get; }

    /// <summary>Whether the store file exists at all: an archive never embedded has none, and searching it loads no model.</summary>
    public bool Exists => File.Exists(_store.Path);

    /// <summary>The vectors as stored now, checked against their seals; texts that fail are removed and wait to be embedded again.</summary>
    /// <param name="fresh">
    /// Include texts embedded a moment ago. Searches leave it off: texts added since the last read join at most
    /// <see cref="AddedTextsDelay"/> later (a removal is read at once), so a background embedder does not make every
    /// search copy the vectors.
    /// </param>
    internal VectorSet Vectors(bool fresh = false, CancellationToken cancellationToken = default)
    {
        if (!Exists)
        {
            return VectorSet.Empty(Dimensions);
        }

        lock (_gate)
        {
            var generation = _store.Generation();
            if (_vectors is not null && generation == _generation)
            {
                return _vectors;
            }

            if (_vectors is not null && generation.Removals == _generation.Removals)
            {
                // Only new texts since the last read: added to a copy at most every few seconds, so a background
                // embedder storing a text every second does not make every search copy all vectors; until then, the
                // new texts are found by their words.
                if (!fresh && _vectors.Chunks > 0 && Stopwatch.GetElapsedTime(_readAt) < AddedTextsDelay)
                {
                    return _vectors;
                }

                var grown = new VectorSet(Dimensions, _vectors.Chunks + 1024);
                grown.AppendAll(_vectors);
                var failed = _store.Read((text, start, end, vector) => grown.Append(text, start, end, vector), _lastRowId, out var last, cancellationToken);
                if (failed.Count == 0)
                {
                    (_vectors, _generation, _lastRowId, _readAt, _broken) = (grown, generation, last, Stopwatch.GetTimestamp(), []);
                    return _vectors;
                }
            }

            // Straight into one array, with no copy per chunk kept on the side.
            var set = new VectorSet(Dimensions, _store.ChunkCount());
            var broken = _store.Read((text, start, end, vector) => set.Append(text, start, end, vector), 0, out var lastRowId, cancellationToken);
            if (broken.Count > 0)
            {
                // Rare (a disk error or a hand edit): drop the failed texts, read the rest again.
                _store.Remove(broken);
                generation = _store.Generation();
                set = new VectorSet(Dimensions, _store.ChunkCount());
                _store.Read((text, start, end, vector) => set.Append(text, start, end, vector), 0, out lastRowId, cancellationToken);
            }

            _broken = broken;
            (_vectors, _generation, _lastRowId, _readAt) = (set, generation, lastRowId, Stopwatch.GetTimestamp());
            return _vectors;
        }
    }

    /// <summary>The query's unit vector.</summary>
    public float[] EmbedQuery(string words, CancellationToken cancellationToken = default) =>
        _embedder().Embed([words], cancellationToken)[0];

    /// <summary>Where the store stands against the catalog (for <c>verify</c> and <c>archive embed --status</c>).</summary>
    public EmbedStatus Status(CancellationToken cancellationToken = default)
    {
        var vectors = Vectors(fresh: true, cancellationToken);
        var stored = Exists ? _store.Texts() : [];
        var waiting = Waiting(stored).Count;
        return new EmbedStatus(Model, vectors.Texts, vectors.Chunks, stored.Values.Count(v => v.Chunks <= 0), waiting, _broken);
    }

    /// <summary>
    /// Embeds every text that waits, oldest first, one transaction per text, until none waits or
    /// <paramref name="cancellationToken"/> fires (a text cut short is embedded whole next time).
    /// </summary>
    /// <param name="busy">When it says true, each chunk waits (up to <see cref="GiveWay"/>) for it to say false: a background embedder gives way to searches.</param>
    public EmbedResult EmbedWaiting(IProgress<EmbedProgress>? progress, CancellationToken cancellationToken, int maxTexts = int.MaxValue, Func<bool>? busy = null)
    {
        var clock = Stopwatch.StartNew();
        Vectors(fresh: true, cancellationToken); // drops texts whose vectors fail their seals, so they are embedded again
        var waiting = Waiting(_store.Texts());
        var total = Math.Min(waiting.Count, maxTexts);
        int texts = 0, chunks = 0, lexical = 0;
        var embedder = total > 0 ? _embedder() : null;
        for (var i = 0; i < total; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (digest, languages) = waiting[i];
            var path = _content.PathFor(Sha256Digest.Parse(digest));
            var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
            if (!IsEnglish(languages, text))
            {
                _store.Put(digest, languages, english: false, [], []);
                lexical++;
            }
            else
            {
                var pieces = new TextChunker(embedder!).Split(text, cancellationToken);
                var vectors = new List<float[]>(pieces.Count);
                var map = new Text.CodePointMap(text);
                foreach (var piece in pieces)
                {
                    for (var waited = TimeSpan.Zero; busy?.Invoke() == true && waited < GiveWay; waited += Pause)
                    {
                        cancellationToken.WaitHandle.WaitOne(Pause);
                    }

                    vectors.Add(embedder!.Embed([map.Slice(piece.Start, piece.End)], cancellationToken)[0]);
                    chunks++;
                    progress?.Report(new EmbedProgress(i, total, chunks));
                }

                _store.Put(digest, languages, english: true, pieces, vectors);
                texts++;
            }

            progress?.Report(new EmbedProgress(i + 1, total, chunks));
        }

        return new EmbedResult(texts, chunks, lexical, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Empties the store; the texts then wait to be embedded again (<c>reindex</c>).</summary>
    public void Clear()
    {
        _store.Clear();
        lock (_gate)
        {
            _vectors = null;
        }
    }

    /// <summary>True when a text counts as English by its captures' language tags (any English tag; no tag: its words).</summary>
    private static bool IsEnglish(string languages, string text)
    {
        var tags = languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tags.Length == 0 ? EnglishText.IsEnglish(null, text) : tags.Any(t => EnglishText.IsEnglish(t, string.Empty));
    }

    /// <summary>The searchable texts (of captures not withdrawn) with no decision in the store for their current language tags, in ingest order.</summary>
    private List<(string Digest, string Languages)> Waiting(Dictionary<string, (int Chunks, string Language)> stored)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        // The language tags of all captures sharing a text decide together; a changed tag decides again.
        command.CommandText = """
            SELECT text_sha256, group_concat(DISTINCT coalesce(language, '')), min(rowid) AS first
            FROM captures WHERE withdrawn = 0 GROUP BY text_sha256 ORDER BY first
            """;
        var result = new List<(string, string)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var digest = reader.GetString(0);
            var languages = string.Join(',', reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
            if (!stored.TryGetValue(digest, out var known) || known.Language != languages)
            {
                result.Add((digest, languages));
            }
        }

        return result;
    }
}
