using System.Diagnostics;
using Archive.Core.Storage;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Search by meaning for one archive: which texts wait to be embedded, the embedding itself (chunk, embed, store one
/// text per transaction: <c>archive embed</c> in the foreground, <c>archive serve</c> in the background), and the
/// vectors in memory for queries, read again when the store changes. English texts only: the shipped model does not
/// understand other languages, so their captures stay lexical.
/// </summary>
public sealed class SemanticIndex : IDisposable
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _content;
    private readonly Func<ITextEmbedder> _embedder;
    private readonly Lock _gate = new();
    private readonly VectorStore _store;
    private readonly Lock _indexGate = new();
    private HnswIndex? _hnsw;
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

    /// <summary>
    /// The store size from which a long-running process keeps an HNSW index; below it every query scans all chunks
    /// exactly. Measured with <c>bench -- meaning</c> (docs/architecture.md): at 100,000 chunks the int8 scan took
    /// 13 ms at p50 with recall 0.98 against float32, the index 12 ms with far lower recall and five minutes to build;
    /// the scan grows with the store, so the index takes over where it would take half of the 50 ms budget.
    /// </summary>
    public const int DefaultApproximateFrom = 200_000;

    /// <param name="embedder">Made on first use (loading the model takes a second or two and some 300 MB).</param>
    /// <param name="approximateFrom">The store size (chunks) from which <see cref="PrepareIndex"/> keeps an HNSW index.</param>
    internal SemanticIndex(ArchiveDatabase database, ContentStore content, string path, string model, int dimensions, Func<ITextEmbedder> embedder, int approximateFrom = DefaultApproximateFrom)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _content = content ?? throw new ArgumentNullException(nameof(content));
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _store = new VectorStore(path, model, dimensions);
        Model = model;
        Dimensions = dimensions;
        ApproximateFrom = approximateFrom;
        IndexPath = System.IO.Path.ChangeExtension(path, ".hnsw");
    }

    /// <summary>The store size (chunks) from which queries go through the HNSW index.</summary>
    public int ApproximateFrom { get; }

    /// <summary>Where the HNSW index is saved (beside the store; derived, like it).</summary>
    public string IndexPath { get; }

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
                var failed = _store.Read(grown.Append, _lastRowId, out var last, cancellationToken);
                if (failed.Count == 0)
                {
                    AttachIndex(grown, generation.Removals);
                    (_vectors, _generation, _lastRowId, _readAt, _broken) = (grown, generation, last, Stopwatch.GetTimestamp(), []);
                    return _vectors;
                }
            }

            // Straight into one array, with no copy per chunk kept on the side.
            var set = new VectorSet(Dimensions, _store.ChunkCount());
            var broken = _store.Read(set.Append, 0, out var lastRowId, cancellationToken);
            if (broken.Count > 0)
            {
                // Rare (a disk error or a hand edit): drop the failed texts, read the rest again.
                _store.Remove(broken);
                generation = _store.Generation();
                set = new VectorSet(Dimensions, _store.ChunkCount());
                _store.Read(set.Append, 0, out lastRowId, cancellationToken);
            }

            AttachIndex(set, generation.Removals);
            _broken = broken;
            (_vectors, _generation, _lastRowId, _readAt) = (set, generation, lastRowId, Stopwatch.GetTimestamp());
            return _vectors;
        }
    }

    /// <summary>
    /// Keeps the HNSW index in step with the store, for a long-running process (<c>archive serve</c>'s background
    /// embedder and <c>archive embed</c> call it after embedding): below <see cref="ApproximateFrom"/> chunks none is
    /// kept; otherwise the index in memory takes the chunks added since, or the saved file is checked (its SHA-256 and
    /// chunk count against the store's record) and loaded, or, when it is missing, stale or changed, the index is built
    /// again from the vectors and saved. Searches scan exactly until it is ready. A one-shot search never calls it:
    /// a scan costs less than loading the file.
    /// </summary>
    public IndexPreparation PrepareIndex(CancellationToken cancellationToken = default)
    {
        lock (_indexGate)
        {
            // Counted first: below the switch point nothing is read, so a store that is scanned is read by searches only.
            var stored = Exists ? _store.ChunkCount() : 0;
            if (stored < ApproximateFrom)
            {
                DropIndex(deleteFile: true);
                return new IndexPreparation(IndexOutcome.BelowThreshold, stored);
            }

            var set = Vectors(fresh: true, cancellationToken);
            long removals;
            lock (_gate)
            {
                removals = _generation.Removals;
            }

            if (set.Chunks < ApproximateFrom)
            {
                DropIndex(deleteFile: true);
                return new IndexPreparation(IndexOutcome.BelowThreshold, set.Chunks);
            }

            if (_hnsw is { } current && current.Removals == removals)
            {
                var added = current.Extend(set, cancellationToken);
                Publish(current, removals, save: current.Unsaved >= Math.Max(1000, current.Count / 20));
                return new IndexPreparation(added > 0 ? IndexOutcome.Extended : IndexOutcome.Current, set.Chunks);
            }

            DropIndex(deleteFile: false);
            try
            {
                return LoadOrBuild(set, removals, cancellationToken);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                // USearch ships its native library for linux-x64, win-x64 and osx-arm64 only: elsewhere queries scan.
                return new IndexPreparation(IndexOutcome.Unavailable, set.Chunks, "the HNSW library does not load here: " + ex.Message);
            }
        }
    }

    /// <summary>Loads the saved index when its record holds, or builds it again from <paramref name="set"/>.</summary>
    private IndexPreparation LoadOrBuild(VectorSet set, long removals, CancellationToken cancellationToken)
    {
        string reason;
        if (_store.IndexManifest() is not { } manifest)
        {
            reason = "no index was saved";
        }
        else if (manifest.Removals != removals)
        {
            reason = "vectors were removed or replaced since the index was saved";
        }
        else if (HnswIndex.Load(IndexPath, manifest, Dimensions, out var problem) is not { } loaded)
        {
            reason = problem!;
        }
        else if (set.Chunks - Enumerable.Range(0, set.Chunks).Count(i => set.RowIdOf(i) > manifest.LastRowId) != manifest.Count)
        {
            loaded.Dispose();
            reason = "the index file does not hold the chunks the store has";
        }
        else
        {
            loaded.Extend(set, cancellationToken);
            return Publish(loaded, removals, save: loaded.Unsaved > 0)
                ? new IndexPreparation(IndexOutcome.Loaded, set.Chunks)
                : new IndexPreparation(IndexOutcome.Superseded, set.Chunks);
        }

        // Derived: the file is never trusted past its record; a stale or changed one is replaced, not used.
        _store.SetIndexManifest(null);
        var built = HnswIndex.Create(Dimensions, removals);
        try
        {
            built.Extend(set, cancellationToken);
        }
        catch
        {
            built.Dispose();
            throw;
        }

        return Publish(built, removals, save: true)
            ? new IndexPreparation(IndexOutcome.Built, set.Chunks, reason)
            : new IndexPreparation(IndexOutcome.Superseded, set.Chunks, reason);
    }

    /// <summary>Makes <paramref name="index"/> the one searches use (adding what was stored meanwhile) and saves it; false, and nothing kept, when vectors were removed meanwhile.</summary>
    private bool Publish(HnswIndex index, long removals, bool save)
    {
        VectorSet? latest;
        lock (_gate)
        {
            latest = _vectors;
            if (_generation.Removals != removals)
            {
                if (!ReferenceEquals(_hnsw, index))
                {
                    index.Dispose();
                }

                return false;
            }
        }

        if (latest is not null)
        {
            index.Extend(latest);
        }

        lock (_gate)
        {
            if (_generation.Removals != removals)
            {
                if (!ReferenceEquals(_hnsw, index))
                {
                    index.Dispose();
                }

                return false;
            }

            if (!ReferenceEquals(_hnsw, index))
            {
                _hnsw?.Dispose();
                _hnsw = index;
            }

            if (_vectors is { } vectors)
            {
                if (!ReferenceEquals(vectors, latest))
                {
                    index.Extend(vectors);
                }

                vectors.Attach(index);
            }
        }

        if (save)
        {
            _store.SetIndexManifest(index.Save(IndexPath));
        }

        return true;
    }

    /// <summary>Gives a new set the index when it still describes the store (no removal since it was built) and the set is large enough.</summary>
    private void AttachIndex(VectorSet set, long removals)
    {
        if (_hnsw is null)
        {
            return;
        }

        if (_hnsw.Removals != removals || set.Chunks < ApproximateFrom)
        {
            // Rowids of removed chunks may be given to new ones: an index from before a removal is never consulted.
            _hnsw.Dispose();
            _hnsw = null;
            return;
        }

        set.Attach(_hnsw);
    }

    private void DropIndex(bool deleteFile)
    {
        lock (_gate)
        {
            _hnsw?.Dispose();
            _hnsw = null;
        }

        if (deleteFile && File.Exists(IndexPath))
        {
            if (Exists)
            {
                _store.SetIndexManifest(null);
            }

            File.Delete(IndexPath);
        }
    }

    /// <summary>Frees the HNSW index's native memory (the saved file stays).</summary>
    public void Dispose() => DropIndex(deleteFile: false);

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

        PrepareIndex(cancellationToken);
        return new EmbedResult(texts, chunks, lexical, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Empties the store; the texts then wait to be embedded again (<c>reindex</c>).</summary>
    public void Clear()
    {
        _store.Clear();
        lock (_gate)
        {
            _vectors = null;
            _hnsw?.Dispose();
            _hnsw = null;
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
