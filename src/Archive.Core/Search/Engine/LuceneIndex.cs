using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Archive.Core.Catalog;
using Archive.Core.Search;
using Archive.Core.Storage;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Data.Sqlite;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Archive.Core.Search.Engine;

/// <summary>
/// The Lucene.Net index under <c>archive/index/</c>: derived from the catalog, never ahead of it. The catalog's commit
/// acknowledges a document; the index records in each commit's user data the last event index it covers, and any
/// process catches it up from there (<see cref="CatchUp"/>): every capture named by a later event is indexed again
/// (added, amended, withdrawn), keyed by its id, so a catch-up repeated after a crash indexes nothing twice.
/// </summary>
/// <remarks>
/// Lucene allows one writer. A writer is opened only for a catch-up or a rebuild and closed once its commit is done
/// and the merges that commit started have finished, so the CLI and <c>archive serve</c> take turns on one archive: a
/// process that finds the write lock held waits for it briefly, and otherwise leaves the catch-up to the holder, whose
/// commit every reader sees on its next refresh. A merge can take many seconds; it never runs on a caller's time: the
/// writer stays open for it in the background (<see cref="CloseWhenMerged"/>), and catch-ups in this process meanwhile
/// use that open writer.
/// </remarks>
internal sealed class LuceneIndex : ICaptureIndex, IDisposable
{
    public const string Format = "archive-lucene/3"; // 2: code-point offsets in the text fields' postings; 3: exact field lengths in the norms
    private const string PositionKey = "catalog_position";
    private const string AnalyzerKey = "analyzer";
    private const string FormatKey = "format";

    // What ties a commit's position to this catalog's log: the archive's id and the leaf hash (hex) of the event at
    // that position. A commit written before they were recorded has neither, and only its position is checked.
    private const string ArchiveKey = "archive_id";
    private const string LeafKey = "catalog_leaf";

    // An id the index gets when it is made (a rebuild, or a first commit in an empty folder) and keeps in every later
    // commit: readers tell by it that the folder holds another index than theirs.
    private const string IndexIdKey = "index_id";
    private const int WriteChunk = 256;

    /// <summary>Stored texts larger than this are indexed from a reader over the blob instead of a string.</summary>
    private const long StreamedTextBytes = 8L << 20;

    // Stored texts are UTF-8 without a byte-order mark; a U+FEFF inside one is text, not a mark to skip.
    private static readonly System.Text.UTF8Encoding CanonicalUtf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The events that change what the index holds of a capture (its row, text or metadata). Others that name a
    /// capture (cited-in-pack, duplicate-supplied, exported) leave its index document as it is.
    /// </summary>
    private const string IndexedEvents = "('ingested', 'text-extracted', 'metadata-amended', 'withdrawn', 'captured')";

    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly string _path;
    private readonly System.Threading.Lock _gate = new();
    private LuceneDirectory? _directory;
    private LuceneDirectory? _writeDirectory;
    private SearcherManager? _searchers;

    // The newest log position this process has seen the index cover, and whether the index was found usable: they let
    // a search skip reading the commit from disk while the catalog has not moved.
    private long _seenPosition = long.MinValue;
    private bool _usable;

    // The commit the searchers were last refreshed to, by its generation and the time its segments_N file was
    // written: a search refreshes (which reads every segment's info from disk) only when another commit exists, found
    // from the directory listing and that file's time alone. The time tells an index made anew in the folder that
    // has reached the same generation.
    private CommitStamp? _refreshed;
    private bool _disposed;

    // Listing the directory for that generation costs a search about a twentieth of its time, so another process's
    // commit is looked for at most every GenerationCheckInterval; this process's own commits (counted here) are
    // looked for at the next search, so what it acknowledged is searchable at once.
    private static readonly TimeSpan GenerationCheckInterval = TimeSpan.FromMilliseconds(100);
    private long _localCommits;
    private long _checkedCommits = -1;
    private long _generationCheckedAt;

    // The batch (a batch ingest) holding this process's writer, or null; while it is open, a catch-up here leaves the
    // work to it instead of waiting for the write lock it holds.
    private Batch? _batch;

    // This process's open writer (it holds the write lock), or null. One caller at a time takes it through the gate;
    // after a commit it stays open only while merges run, and the background closer then closes it.
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private WriterLease? _held;
    private bool _closerRunning;
    private Task _closer = Task.CompletedTask;

    public LuceneIndex(ArchiveDatabase database, ContentStore store, Analyzer analyzer, string path)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        _path = path;
    }

    /// <summary>The one analysis for indexing, querying and passages.</summary>
    public Analyzer Analyzer { get; }

    /// <summary>Changes to each writer's settings (its merge policy and scheduler), for tests that need merges to happen.</summary>
    internal Action<IndexWriterConfig>? ConfigureWriter { get; init; }

    /// <summary>BM25 with Lucene's defaults (k1 = 1.2, b = 0.75) over exact field lengths, for indexing and searching.</summary>
    public static Similarity Similarity { get; } = new ExactLengthBm25();

    private LuceneDirectory Directory
    {
        get
        {
            lock (_gate)
            {
                return _directory ??= FSDirectory.Open(new DirectoryInfo(_path), NoLockFactory.GetNoLockFactory());
            }
        }
    }

    /// <summary>
    /// The index as the writer sees it: read with positional reads rather than mapped. A merge reads whole segments,
    /// gigabytes at a million documents, and every page read through a mapping stays in the process's resident memory
    /// until the merged segments are closed; read this way, the same pages are only the kernel's page cache. Searches
    /// keep the mapped <see cref="Directory"/>: the files are the same, and Lucene lets any number of readers open them.
    /// </summary>
    private LuceneDirectory WriteDirectory
    {
        get
        {
            lock (_gate)
            {
                return _writeDirectory ??= new NIOFSDirectory(new DirectoryInfo(_path), NoLockFactory.GetNoLockFactory());
            }
        }
    }

    /// <summary>How long a writer after a commit waits for another process's index writer before leaving the catch-up to it.</summary>
    private static readonly TimeSpan AfterCommitWait = TimeSpan.FromSeconds(5);

    /// <summary>Catches up after a catalog commit; a problem with the index is left for search and <c>verify</c> to report.</summary>
    public void CatalogChanged()
    {
        try
        {
            if (Problem() is null)
            {
                CatchUp(AfterCommitWait);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Lucene.Net.Index.CorruptIndexException or ArchiveException { Kind: ArchiveErrorKind.NeedsAction })
        {
            // The catalog has committed and acknowledged; the next search catches up (or, for an index that is not
            // this catalog's, asks for a reindex), and verify reports the gap.
        }
    }

    /// <summary>
    /// How long a batch may hold index changes before it commits them. Commits fsync, so a batch ingest commits at
    /// most about this often instead of after every catalog group; another process then sees its documents within this
    /// time plus its own catch-up wait.
    /// </summary>
    private static readonly TimeSpan BatchCommitInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Starts a batch of catalog commits (a batch ingest): the batch keeps one writer, indexes each group from the
    /// texts it is given, and commits at most every <see cref="BatchCommitInterval"/> and when disposed. Each commit
    /// records the catalog position it covers, so a crash loses only index work that the next catch-up redoes.
    /// </summary>
    public ICaptureIndexBatch BeginBatch()
    {
        var batch = new Batch(this);
        return Interlocked.CompareExchange(ref _batch, batch, null) is null ? batch : new Unbatched(this);
    }

    /// <summary>Creates an empty index that covers nothing yet (for a new archive).</summary>
    public void Create()
    {
        var writer = TakeWriter(TimeSpan.FromSeconds(5)) ?? throw Busy();
        try
        {
            if (Committed() is null)
            {
                using var connection = _database.Open();
                writer.SetCommitData(CommitData(writer, connection, null, -1));
                writer.Commit();
                Interlocked.Increment(ref _localCommits);
            }
        }
        finally
        {
            ReturnWriter();
        }
    }

    /// <summary>How many captures are named by events the committed index does not cover yet.</summary>
    public int Behind()
    {
        using var connection = _database.Open();
        return Pending(connection, null, IndexedPosition() ?? -1);
    }

    /// <summary>Null when the index can answer searches; otherwise what is wrong, for a user (the fix is <c>archive reindex</c>).</summary>
    public string? Problem()
    {
        if (Volatile.Read(ref _usable))
        {
            return null;
        }

        var problem = FindProblem();
        Volatile.Write(ref _usable, problem is null && IndexedPosition() is not null);
        return problem;
    }

    private string? FindProblem()
    {
        using var connection = _database.Open();
        if (HasOldTables(connection))
        {
            return "the search index was built by an older version of Archive (SQLite FTS5); run `archive reindex` to rebuild it with Lucene.Net";
        }

        IDictionary<string, string>? data;
        try
        {
            data = Committed();
        }
        catch (IOException ex) when (IsDamage(ex))
        {
            return Damaged(ex).Message;
        }

        if (data is null)
        {
            return CatalogPosition(connection, null) < 0
                ? null
                : "the search index is missing; run `archive reindex` to rebuild it from the archived texts";
        }

        if (!data.TryGetValue(FormatKey, out var format) || format != Format)
        {
            return $"the search index has format {format ?? "unknown"}, not {Format}; run `archive reindex`";
        }

        return data.TryGetValue(AnalyzerKey, out var analyzer) && analyzer == Analyzer.Signature
            ? null
            : $"the search index was built with {analyzer ?? "an unknown analyzer"}, not {Analyzer.Signature}; run `archive reindex`";
    }

    /// <summary>
    /// Indexes every capture named by an event the index does not cover yet, and commits with the new position. Waits
    /// up to <paramref name="lockWait"/> for another process's writer; if it is still held, writes nothing (that
    /// process catches up) and says so.
    /// </summary>
    public CatchUpResult CatchUp(TimeSpan lockWait, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        // Mapped: every search starts here, and nearly always only reads the catalog's position.
        using var connection = _database.Open();
        var catalog = CatalogPosition(connection, null);
        var seen = Interlocked.Read(ref _seenPosition);
        if (catalog <= seen)
        {
            return new CatchUpResult(0, seen, Written: true);
        }

        if (Problem() is { } problem)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, problem);
        }

        var data = Committed();
        var covered = Position(data) ?? -1;
        if (Stranger(data, connection, null) is { } stranger)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, stranger.Detail);
        }

        if (catalog <= covered)
        {
            Seen(covered);
            return new CatchUpResult(0, covered, Written: true);
        }

        if (Volatile.Read(ref _batch) is not null)
        {
            // This process's batch holds the writer and commits at least every BatchCommitInterval.
            return new CatchUpResult(0, covered, Written: false);
        }

        var writer = TakeWriter(lockWait);
        if (writer is null)
        {
            return new CatchUpResult(0, covered, Written: false);
        }

        try
        {
            return CatchUpWith(writer, connection, progress, cancellationToken);
        }
        finally
        {
            ReturnWriter();
        }
    }

    /// <summary>The catch-up itself, with this process's writer taken (and so the write lock held).</summary>
    private CatchUpResult CatchUpWith(IndexWriter writer, SqliteConnection connection, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        // Another process may have caught up, or made the index anew, while this one waited for the lock: read the
        // commit under the lock.
        var data = Committed();
        var covered = Position(data) ?? -1;
        using var snapshot = connection.BeginTransaction(deferred: true);
        if (Stranger(data, connection, snapshot) is { } stranger)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, stranger.Detail);
        }

        var position = CatalogPosition(connection, snapshot);
        if (position <= covered)
        {
            Seen(covered);
            return new CatchUpResult(0, covered, Written: true);
        }

        var ids = ChangedCaptures(connection, snapshot, covered);
        var indexed = Write(writer, connection, snapshot, ids, null, progress, cancellationToken);
        writer.SetCommitData(CommitData(writer, connection, snapshot, position));
        writer.Commit();
        Interlocked.Increment(ref _localCommits);
        Seen(position);
        return new CatchUpResult(indexed, position, Written: true);
    }

    /// <summary>
    /// Rebuilds the index from the stored texts, with a progress report, and drops the old SQLite FTS5 tables. A
    /// cancelled or failed rebuild leaves the old index as it was.
    /// </summary>
    public int Rebuild(IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(10);
        if (!_writerGate.Wait(wait, CancellationToken.None))
        {
            throw Busy();
        }

        try
        {
            // A writer this process keeps open for its merges appends; a rebuild needs one that starts afresh.
            CloseHeld();
            using var lease = OpenWriter(OpenMode.CREATE, wait) ?? throw Busy();
            return Rebuild(lease.Writer, progress, cancellationToken);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    private int Rebuild(IndexWriter writer, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        using var connection = _database.OpenUnmapped();
        long position;
        int indexed;
        Dictionary<string, string> data;
        using (var snapshot = connection.BeginTransaction(deferred: true))
        {
            position = CatalogPosition(connection, snapshot);
            data = CommitData(writer, connection, snapshot, position, newIndex: true);
            var ids = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = snapshot;
                command.CommandText = "SELECT id FROM captures ORDER BY rowid";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            try
            {
                indexed = Write(writer, connection, snapshot, ids, null, progress, cancellationToken);
            }
            catch
            {
                writer.Rollback();
                throw;
            }
        }

        writer.SetCommitData(data);
        writer.Commit();
        Interlocked.Increment(ref _localCommits);
        DropOldTables(connection);
        Volatile.Write(ref _usable, false);
        Seen(position);
        return indexed;
    }

    /// <summary>The last event index the newest commit covers, or null when there is no index.</summary>
    public long? IndexedPosition() => Position(Committed());

    /// <summary>The last event index a commit with this user data covers, or null when there is none.</summary>
    private static long? Position(IDictionary<string, string>? data) =>
        data is not null && data.TryGetValue(PositionKey, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) ? position : null;

    /// <summary>The last event index in the catalog, -1 for none.</summary>
    public long CatalogPosition()
    {
        using var connection = _database.Open();
        return CatalogPosition(connection, null);
    }

    /// <summary>
    /// A searcher over the newest commit, refreshed when any process has committed since; release it with
    /// <see cref="Release"/>. Null when there is no index yet.
    /// </summary>
    public IndexSearcher? Acquire()
    {
        try
        {
            return AcquireSearcher();
        }
        catch (IOException ex) when (IsDamage(ex))
        {
            throw Damaged(ex);
        }
    }

    /// <summary>
    /// Whether Lucene could not read the index because a file of it is damaged, truncated or missing (not a failure of
    /// the machine, such as too many open files or a full disk, which reindexing would not mend).
    /// </summary>
    public static bool IsDamage(IOException exception) =>
        exception is CorruptIndexException or EndOfStreamException or FileNotFoundException or DirectoryNotFoundException;

    /// <summary>
    /// The error for an index Lucene cannot read: it says what is wrong (naming the file, not where the archive lies) and
    /// the repair, and is what search, related documents and verify report instead of failing as a write error would.
    /// </summary>
    public static ArchiveException Damaged(IOException cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var what = cause switch
        {
            FileNotFoundException { FileName: { } file } => $"its file {Path.GetFileName(file)} is missing",
            FileNotFoundException or DirectoryNotFoundException => "a file of it is missing",
            EndOfStreamException => "a file of it is truncated",
            _ => "a file of it is damaged or truncated",
        };
        return new ArchiveException(ArchiveErrorKind.NeedsAction, $"the search index cannot be read ({what}); run `archive reindex` to rebuild it from the catalog", cause);
    }

    private IndexSearcher? AcquireSearcher()
    {
        while (true)
        {
            SearcherManager? manager;
            lock (_gate)
            {
                if (_searchers is null)
                {
                    if (!DirectoryReader.IndexExists(Directory))
                    {
                        return null;
                    }

                    _searchers = new SearcherManager(Directory, new Bm25SearcherFactory());
                }

                manager = _searchers;
            }

            try
            {
                return Refreshed(manager)?.Acquire();
            }
            catch (ObjectDisposedException) when (!Volatile.Read(ref _disposed) && !ReferenceEquals(manager, Volatile.Read(ref _searchers)))
            {
                // Another search replaced these readers meanwhile (another index in the folder): take the new ones.
            }
        }
    }

    /// <summary>
    /// <paramref name="manager"/>, refreshed when any process has committed since it last was, or the readers that
    /// replaced it (<see cref="Refresh"/>); null when the folder holds no index any more.
    /// </summary>
    private SearcherManager? Refreshed(SearcherManager manager)
    {
        // Read before the listing: a commit counted after it is looked for by the next search.
        var commits = Interlocked.Read(ref _localCommits);
        var now = TimeProvider.System.GetTimestamp();
        if (commits == Interlocked.Read(ref _checkedCommits)
            && TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _generationCheckedAt), now) < GenerationCheckInterval)
        {
            return manager;
        }

        var last = LastCommit();
        if (last != Volatile.Read(ref _refreshed))
        {
            var refreshed = Refresh(manager, last.Generation);
            if (refreshed is null)
            {
                return null;
            }

            manager = refreshed;
            Volatile.Write(ref _refreshed, last);
        }

        Interlocked.Exchange(ref _generationCheckedAt, now);
        Interlocked.Exchange(ref _checkedCommits, commits);
        return manager;
    }

    /// <summary>
    /// Brings the readers of <paramref name="manager"/> to the newest commit. Lucene reopens by segment name, which is
    /// right only for a commit that descends from the readers' own: an index made anew in the folder (deleted and
    /// rebuilt by <c>archive reindex</c>, or by a catch-up that found no index) names its segments <c>_0</c>,
    /// <c>_1</c>… again, and a reopen kept reading the old segments under the new names, so that acknowledged captures
    /// were never found until a restart. A commit of another index (an older generation, or another index id) gets new
    /// readers instead, and so does one that replaced the index between the check and the reopen.
    /// </summary>
    private SearcherManager? Refresh(SearcherManager manager, long generation)
    {
        var held = Held(manager);
        if (generation >= held.Generation && IndexId(Committed()) == held.IndexId)
        {
            manager.MaybeRefreshBlocking();
            if (Held(manager).IndexId == held.IndexId)
            {
                return manager;
            }
        }

        return Replace(manager);
    }

    /// <summary>The generation and index id of the commit the readers of <paramref name="manager"/> hold.</summary>
    private static (long Generation, string? IndexId) Held(SearcherManager manager)
    {
        var searcher = manager.Acquire();
        try
        {
            var commit = ((DirectoryReader)searcher.IndexReader).IndexCommit;
            return (commit.Generation, IndexId(commit.UserData));
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    private static string? IndexId(IDictionary<string, string>? data) =>
        data is not null && data.TryGetValue(IndexIdKey, out var id) ? id : null;

    /// <summary>
    /// Replaces <paramref name="manager"/> with readers opened afresh on the newest commit (none when the folder holds
    /// no index), unless another search has already replaced it; returns the readers now in use.
    /// </summary>
    private SearcherManager? Replace(SearcherManager manager)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_searchers, manager))
            {
                return _searchers;
            }

            // The new index may be of another format or analyzer, or not this catalog's: the next catch-up and search
            // look at its commit again instead of what this process remembers of the old one.
            Volatile.Write(ref _usable, false);
            Interlocked.Exchange(ref _seenPosition, long.MinValue);
            _searchers = DirectoryReader.IndexExists(Directory) ? new SearcherManager(Directory, new Bm25SearcherFactory()) : null;

            // Searchers a search still holds keep their readers open until they are released (see Release).
            manager.Dispose();
            return _searchers;
        }
    }

    /// <summary>The newest commit's generation (-1 when there is none) and the time its segments_N file was written.</summary>
    private CommitStamp LastCommit()
    {
        long generation;
        try
        {
            generation = SegmentInfos.GetLastCommitGeneration(Directory);
        }
        catch (DirectoryNotFoundException)
        {
            generation = -1;
        }

        var file = IndexFileNames.FileNameFromGeneration(IndexFileNames.SEGMENTS, string.Empty, generation);
        return new CommitStamp(generation, file is null ? default : File.GetLastWriteTimeUtc(Path.Combine(_path, file)));
    }

    /// <summary>A commit as a directory listing and a file's time tell it apart from others.</summary>
    private sealed record CommitStamp(long Generation, DateTime Written);

    public static void Release(IndexSearcher searcher)
    {
        ArgumentNullException.ThrowIfNull(searcher);

        // What SearcherManager.Release does; done here so that a searcher of readers replaced since (another index in
        // the folder, whose manager is disposed) is released too: its readers close with the last searcher of them.
        searcher.IndexReader.DecRef();
    }

    /// <summary>
    /// How the index stands against the catalog: position, documents, ids the catalog does not hold, captures it lacks,
    /// and whether it is this catalog's index at all.
    /// </summary>
    public IndexState State(CancellationToken cancellationToken = default)
    {
        var problem = Problem();
        using var connection = _database.OpenForScan();
        if (!DirectoryReader.IndexExists(Directory))
        {
            return new IndexState(CatalogPosition(connection, null), null, 0, [], [], problem, null, Pending(connection, null, -1));
        }

        // The id terms are only walked in order, never sought: without the terms index of every field the reader
        // opens several times faster. It opens before the catalog is read, so a capture acknowledged meanwhile
        // (catalog first, index after) cannot look unknown, and the catalog's log reaches at least the commit's position.
        using var index = DirectoryReader.Open(Directory, termInfosIndexDivisor: -1);
        var data = index.IndexCommit.UserData;
        var position = Position(data) ?? -1;
        using var snapshot = connection.BeginTransaction(deferred: true);
        var catalog = CatalogPosition(connection, snapshot);
        var stranger = Stranger(data, connection, snapshot);

        // A capture changed after the position of this catalog's index is pending (the next catch-up indexes it), not
        // missing; from an index that is not this catalog's, no catch-up will index it.
        var (unknown, missing) = Compare(connection, snapshot, index, stranger is null ? position : null, cancellationToken);
        return new IndexState(catalog, position, index.NumDocs, unknown, missing, problem, stranger, position >= catalog ? 0 : Pending(connection, snapshot, position));
    }

    /// <summary>
    /// Up to <see cref="MaxNamed"/> ids of live documents in <paramref name="index"/> that the catalog does not hold, and
    /// up to as many ids of captures the catalog holds that no live document has, leaving out those changed after
    /// <paramref name="covered"/> (all of them when it is -1; none when it is null). Both lists are walked once side by
    /// side, in the order they share (UTF-8 bytes: Lucene's term order, and SQLite's for the unique index on captures.id).
    /// </summary>
    private static (List<string> Unknown, List<string> Missing) Compare(SqliteConnection connection, SqliteTransaction snapshot, DirectoryReader index, long? covered, CancellationToken cancellationToken)
    {
        var unknown = new List<string>();
        var missing = new List<string>();
        var lookForMissing = covered is not < 0;
        using var changed = connection.CreateCommand();
        changed.Transaction = snapshot;
        changed.CommandText = $"SELECT EXISTS(SELECT 1 FROM events WHERE capture_id = $id AND idx > $covered AND type IN {IndexedEvents})";
        var changedId = changed.Parameters.Add("$id", SqliteType.Text);
        changed.Parameters.AddWithValue("$covered", covered ?? long.MaxValue);

        var iterator = MultiFields.GetTerms(index, IndexFields.Id)?.GetEnumerator();
        var liveDocs = MultiFields.GetLiveDocs(index);
        DocsEnum? docs = null;
        using (var statement = new NativeStatement(connection.Handle!, "SELECT id FROM captures ORDER BY id"))
        {
            var more = statement.Step();
            var n = 0;
            while ((unknown.Count < MaxNamed || (lookForMissing && missing.Count < MaxNamed)) && iterator is not null && iterator.MoveNext())
            {
                if ((n++ & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // Every term an index without deletions holds has a document; with deletions, a live one is looked for.
                if (liveDocs is not null)
                {
                    docs = iterator.Docs(liveDocs, docs, DocsFlags.NONE);
                    if (docs.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
                    {
                        continue;
                    }
                }

                var term = iterator.Term;
                var id = term.Bytes.AsSpan(term.Offset, term.Length);
                var order = 1;
                while (more && (order = statement.Blob(0).SequenceCompareTo(id)) < 0)
                {
                    Absent(statement);
                    more = statement.Step();
                }

                if (!more || order > 0)
                {
                    if (unknown.Count < MaxNamed)
                    {
                        unknown.Add(term.Utf8ToString());
                    }
                }
                else
                {
                    // Held by both.
                    more = statement.Step();
                }
            }

            // The catalog's ids after the index's last.
            while (more && lookForMissing && missing.Count < MaxNamed)
            {
                if ((n++ & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Absent(statement);
                more = statement.Step();
            }
        }

        return (unknown, missing);

        // The catalog's current id, which the index has no live document of.
        void Absent(NativeStatement statement)
        {
            if (!lookForMissing || missing.Count >= MaxNamed)
            {
                return;
            }

            var captureId = System.Text.Encoding.UTF8.GetString(statement.Blob(0));
            if (covered is not null)
            {
                changedId.Value = captureId;
                if ((long)changed.ExecuteScalar()! != 0)
                {
                    return;
                }
            }

            missing.Add(captureId);
        }
    }

    /// <summary>How many ids an index check names of each kind (held by the index alone, or by the catalog alone); it stops looking there.</summary>
    private const int MaxNamed = 20;

    /// <summary>Captures named by events after <paramref name="covered"/>: what a catch-up would index.</summary>
    private static int Pending(SqliteConnection connection, SqliteTransaction? snapshot, long covered)
    {
        using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT count(DISTINCT capture_id) FROM events WHERE idx > $covered AND capture_id IS NOT NULL AND type IN {IndexedEvents}";
        command.Parameters.AddWithValue("$covered", covered);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<IndexFinding> Audit(CancellationToken cancellationToken)
    {
        IndexState state;
        try
        {
            state = State(cancellationToken);
        }
        catch (IOException ex) when (IsDamage(ex))
        {
            // A damaged index is one finding; everything else verify checks still runs.
            return [new IndexFinding("unusable", Damaged(ex).Message)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Lucene reports damage inside a file as whatever the garbage led it to (a plain IOException for a bad
            // variable-length integer, an unsupported version, an unknown format id), and a plain IOException is also
            // how the machine reports its own failures: either way the index could not be read, and the rest of
            // verify's report stands.
            return [new IndexFinding("unusable", $"the search index could not be read ({ex.Message.TrimEnd('.')}); if the file system is sound, a file of it is damaged: run `archive reindex` to rebuild it from the catalog")];
        }

        var findings = new List<IndexFinding>();
        if (state.Problem is { } problem)
        {
            findings.Add(new IndexFinding("unusable", problem));
        }
        else if (state.Stranger is { } stranger)
        {
            findings.Add(stranger);
        }
        else if (state.Pending > 0)
        {
            findings.Add(new IndexFinding(
                "behind",
                $"the search index is behind the catalog: {state.Pending.ToString(CultureInfo.InvariantCulture)} capture(s) changed after event {state.IndexPosition?.ToString(CultureInfo.InvariantCulture) ?? "none"}, the last it covers; the next search or ingest catches it up"));
        }

        findings.AddRange(state.Unknown.Select(id => new IndexFinding("unknown", "the search index holds a capture the catalog does not; run `archive reindex`", id)));
        findings.AddRange(state.Missing.Select(id => new IndexFinding("missing", "the search index lacks a capture the catalog holds, so no search finds it; run `archive reindex`", id)));
        return findings;
    }

    public void Dispose()
    {
        // A merge still running is finished rather than abandoned: a process that always abandoned its merges would
        // leave ever more segments behind.
        _writerGate.Wait();
        try
        {
            CloseHeld();
        }
        finally
        {
            _writerGate.Release();
        }

        _closer.Wait();
        lock (_gate)
        {
            Volatile.Write(ref _disposed, true);
            _searchers?.Dispose();
            _searchers = null;
            _directory?.Dispose();
            _directory = null;
            _writeDirectory?.Dispose();
            _writeDirectory = null;
        }
    }

    /// <summary>Remembers that the index covers at least <paramref name="position"/>.</summary>
    private void Seen(long position)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _seenPosition);
            if (position <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _seenPosition, position, current) != current);
    }

    private static ArchiveException Busy() =>
        new(ArchiveErrorKind.Conflict, "another Archive process is writing the search index; try again when it has finished");

    /// <summary>
    /// The user data of a commit that covers the log up to <paramref name="position"/>, read in the catalog snapshot
    /// that position was read in: with the archive's id and the leaf hash of the event at that position, which tie it
    /// to this catalog's log (<see cref="Stranger"/>), and the index's id, kept from <paramref name="writer"/>'s last
    /// commit unless the index is made anew (<paramref name="newIndex"/>, or a first commit in an empty folder).
    /// </summary>
    private Dictionary<string, string> CommitData(IndexWriter writer, SqliteConnection connection, SqliteTransaction? snapshot, long position, bool newIndex = false)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PositionKey] = position.ToString(CultureInfo.InvariantCulture),
            [AnalyzerKey] = Analyzer.Signature,
            [FormatKey] = Format,
            [IndexIdKey] = !newIndex && writer.CommitData.TryGetValue(IndexIdKey, out var id) ? id : Guid.NewGuid().ToString("N"),
        };
        if (ArchiveDatabase.MetaValue(connection, "archive_id", snapshot) is { } archive)
        {
            data[ArchiveKey] = archive;
        }

        if (Leaf(connection, snapshot, position) is { } leaf)
        {
            data[LeafKey] = leaf;
        }

        return data;
    }

    /// <summary>The stored leaf hash (hex) of the catalog's event <paramref name="position"/>, or null when it has none.</summary>
    private static string? Leaf(SqliteConnection connection, SqliteTransaction? snapshot, long position)
    {
        using var command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = "SELECT leaf FROM events WHERE idx = $idx";
        command.Parameters.AddWithValue("$idx", position);
        return command.ExecuteScalar() is byte[] leaf ? Convert.ToHexStringLower(leaf) : null;
    }

    /// <summary>
    /// Why a commit with user data <paramref name="data"/> is not an index of this catalog, or null when nothing says
    /// so: it names another archive, or covers events past the catalog's last (a catalog put back from an older copy,
    /// or another archive's index), or its event at that position is not the catalog's. Such an index would be caught
    /// up from a position that means nothing here, and what the catalog acknowledged would never be indexed; like an
    /// index of an older format, it asks for <c>archive reindex</c>. A commit written before archive id and leaf were
    /// recorded is checked for its position alone. Read the commit first: the catalog then covers at least as much.
    /// </summary>
    private static IndexFinding? Stranger(IDictionary<string, string>? data, SqliteConnection connection, SqliteTransaction? snapshot)
    {
        if (Position(data) is not { } position)
        {
            return null;
        }

        const string Repair = "run `archive reindex` to rebuild it from the catalog";
        var archive = ArchiveDatabase.MetaValue(connection, "archive_id", snapshot);
        if (data!.TryGetValue(ArchiveKey, out var indexed) && archive is not null && indexed != archive)
        {
            return new IndexFinding("other-log", $"the search index is another archive's (archive {indexed}; this catalog is archive {archive}); {Repair}");
        }

        var last = CatalogPosition(connection, snapshot);
        if (position > last)
        {
            return new IndexFinding(
                "ahead",
                $"the search index covers the log up to event {position.ToString(CultureInfo.InvariantCulture)}, past the catalog's last event {last.ToString(CultureInfo.InvariantCulture)} (a catalog put back from an older copy, or another archive's index): documents acknowledged since would never be indexed; {Repair}");
        }

        return position >= 0 && data.TryGetValue(LeafKey, out var leaf) && Leaf(connection, snapshot, position) is { } catalogLeaf && !string.Equals(leaf, catalogLeaf, StringComparison.OrdinalIgnoreCase)
            ? new IndexFinding(
                "other-log",
                $"the search index's event {position.ToString(CultureInfo.InvariantCulture)} is not the catalog's event {position.ToString(CultureInfo.InvariantCulture)} (another log: a catalog put back from an older copy, or another archive's index); {Repair}")
            : null;
    }

    /// <summary>The newest commit's user data, or null when there is no index.</summary>
    private IDictionary<string, string>? Committed()
    {
        var directory = Directory;
        if (!DirectoryReader.IndexExists(directory))
        {
            return null;
        }

        var infos = new SegmentInfos();
        infos.Read(directory);
        return infos.UserData;
    }

    /// <summary>
    /// Takes this process's writer, opening it (and so taking the write lock) unless it is open already, for the caller
    /// alone until <see cref="ReturnWriter"/>; null when this process's writer or another process's lock stayed taken
    /// for <paramref name="wait"/>.
    /// </summary>
    private IndexWriter? TakeWriter(TimeSpan wait)
    {
        var started = TimeProvider.System.GetTimestamp();
        if (!_writerGate.Wait(wait, CancellationToken.None))
        {
            return null;
        }

        try
        {
            var left = wait - TimeProvider.System.GetElapsedTime(started);
            _held ??= OpenWriter(OpenMode.CREATE_OR_APPEND, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch
        {
            _writerGate.Release();
            throw;
        }

        if (_held is null)
        {
            _writerGate.Release();
            return null;
        }

        return _held.Writer;
    }

    /// <summary>
    /// Gives back the writer taken with <see cref="TakeWriter"/>: closes it at once when no merge runs (which is quick),
    /// and otherwise leaves it open for the background closer, so the caller never waits for a merge.
    /// </summary>
    private void ReturnWriter()
    {
        try
        {
            if (_held is not { } lease || _closerRunning)
            {
                return;
            }

            if (!Merging(lease.Writer))
            {
                _held = null;
                lease.Dispose();
                return;
            }

            _closerRunning = true;
            _closer = Task.Run(CloseWhenMerged);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    /// <summary>Drops this process's writer after a rollback (which closes it) and gives back the gate.</summary>
    private void DropWriter()
    {
        try
        {
            var lease = _held;
            _held = null;
            lease?.Dispose();
        }
        finally
        {
            _writerGate.Release();
        }
    }

    /// <summary>Closes this process's open writer, waiting for its merges; the caller holds the gate.</summary>
    private void CloseHeld()
    {
        var lease = _held;
        _held = null;
        lease?.Dispose();
    }

    private static bool Merging(IndexWriter writer) => writer.HasPendingMerges() || writer.MergingSegments.Count > 0;

    /// <summary>
    /// In the background: waits for the open writer's merges (outside the gate, so catch-ups use the writer meanwhile),
    /// then catches up what other processes acknowledged while this one held the lock, and closes the writer once no
    /// merge runs.
    /// </summary>
    private void CloseWhenMerged()
    {
        while (true)
        {
            WriterLease? lease;
            _writerGate.Wait();
            try
            {
                lease = _held;
                if (lease is not null && !Merging(lease.Writer))
                {
                    CatchUpHeld(lease.Writer);
                    if (!Merging(lease.Writer))
                    {
                        _held = null;
                        Close(lease);
                        lease = null;
                    }
                }

                if (lease is null)
                {
                    _closerRunning = false;
                    return;
                }
            }
            finally
            {
                _writerGate.Release();
            }

            try
            {
                lease.Writer.WaitForMerges();
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile (a rebuild, or this index disposed): the next turn finds no writer held.
            }
        }

        void CatchUpHeld(IndexWriter writer)
        {
            try
            {
                if (Problem() is null && Volatile.Read(ref _batch) is null)
                {
                    using var connection = _database.OpenUnmapped();
                    CatchUpWith(writer, connection, null, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptIndexException or SqliteException or ArchiveException { Kind: ArchiveErrorKind.NeedsAction })
            {
                // The next search or ingest catches up (or asks for a reindex), and verify reports a gap.
            }
        }

        static void Close(WriterLease lease)
        {
            try
            {
                lease.Dispose();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptIndexException)
            {
                // What was committed stays; the lock is released either way (WriterLease.Dispose).
            }
        }
    }

    /// <summary>A writer under the <see cref="IndexWriteLock"/>, or null when another writer kept the lock for <paramref name="lockWait"/>.</summary>
    private WriterLease? OpenWriter(OpenMode mode, TimeSpan lockWait)
    {
        var writeLock = IndexWriteLock.TryAcquire(_path + ".lock", lockWait, TimeProvider.System);
        if (writeLock is null)
        {
            return null;
        }

        try
        {
            var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.KeywordAnalyzer())
            {
                OpenMode = mode,
                Similarity = Similarity,
                RAMBufferSizeMB = 64,

                // A flushed segment stays as its separate files: packing them into a compound file would write every
                // byte twice and create two more files per commit (file creation is slow on some file systems).
                UseCompoundFile = false,
            };
            ConfigureWriter?.Invoke(config);

            // Lucene creates the folder only when its cached DirectoryInfo says it is missing, which it never says
            // again once this process has written there: a folder deleted since (rm -rf index) is made here.
            System.IO.Directory.CreateDirectory(_path);
            return new WriterLease(new IndexWriter(WriteDirectory, config), writeLock);
        }
        catch
        {
            writeLock.Dispose();
            throw;
        }
    }

    /// <summary>An index writer and the lock it holds, released together.</summary>
    private sealed class WriterLease(IndexWriter writer, IndexWriteLock writeLock) : IDisposable
    {
        public IndexWriter Writer { get; } = writer;

        public void Dispose()
        {
            try
            {
                Writer.Dispose();
            }
            finally
            {
                writeLock.Dispose();
            }
        }
    }

    private static long CatalogPosition(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(idx), -1) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The captures named by events after <paramref name="covered"/>, in event order; every capture when nothing is covered.</summary>
    private static List<string> ChangedCaptures(SqliteConnection connection, SqliteTransaction transaction, long covered)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = covered < 0
            ? "SELECT id FROM captures ORDER BY rowid"
            : $"SELECT capture_id FROM events WHERE idx > $covered AND capture_id IS NOT NULL AND type IN {IndexedEvents} GROUP BY capture_id ORDER BY min(idx)";
        command.Parameters.AddWithValue("$covered", covered);
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <param name="texts">Canonical texts already in memory, by text digest (<c>sha256:…</c>); others are read from the store.</param>
    private int Write(IndexWriter writer, SqliteConnection connection, SqliteTransaction transaction, List<string> ids, IReadOnlyDictionary<string, string>? texts, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var batch in ids.Chunk(WriteChunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Rows(connection, transaction, batch);
            foreach (var id in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = new Term(IndexFields.Id, id);
                if (rows.TryGetValue(id, out var capture))
                {
                    writer.UpdateDocument(key, Document(capture, texts));
                }
                else
                {
                    writer.DeleteDocuments(key);
                }

                done++;
                progress?.Report((done, ids.Count));
            }
        }

        return done;
    }

    /// <summary>
    /// The index document of a capture, from its text in memory when given, else from the store: a large stored text
    /// is read a piece at a time as Lucene consumes it, never whole.
    /// </summary>
    private Lucene.Net.Documents.Document Document(IndexedCapture capture, IReadOnlyDictionary<string, string>? texts)
    {
        if (texts is not null && texts.TryGetValue(capture.TextDigest, out var given))
        {
            return CaptureDocument.Build(Analyzer, capture, given);
        }

        var path = _store.PathFor(Sha256Digest.Parse(capture.TextDigest));
        return new FileInfo(path).Length > StreamedTextBytes
            ? CaptureDocument.Build(Analyzer, capture, () => new StreamReader(path, CanonicalUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16))
            : CaptureDocument.Build(Analyzer, capture, File.ReadAllText(path));
    }

    private static Dictionary<string, IndexedCapture> Rows(SqliteConnection connection, SqliteTransaction transaction, string[] ids)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var list = SqlList.In(command, "$ids", ids);
        command.CommandText = $"""
            SELECT c.rowid, c.id, s.slug, c.title, c.publisher, c.authors, c.published, c.captured_at, c.source_type, c.language, c.tags, c.withdrawn, c.text_sha256
            FROM captures c JOIN sources s ON s.id = c.source_id WHERE c.id IN {list}
            """;
        var rows = new Dictionary<string, IndexedCapture>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var capture = new IndexedCapture(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), Text(10), reader.GetInt64(11) != 0, reader.GetString(12));
            rows[capture.Id] = capture;
        }

        return rows;
    }

    /// <summary>Whether the catalog still holds the FTS5 tables of the version before Lucene.Net.</summary>
    internal bool BuiltByFts5Version()
    {
        using var connection = _database.Open();
        return HasOldTables(connection);
    }

    private static bool HasOldTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('search_fts', 'search_vocab')";
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void DropOldTables(SqliteConnection connection)
    {
        if (!HasOldTables(connection))
        {
            return;
        }

        using var transaction = ArchiveDatabase.BeginWrite(connection);
        ArchiveDatabase.Execute(connection, "DROP TABLE IF EXISTS search_vocab; DROP TABLE IF EXISTS search_fts;", transaction);
        ArchiveDatabase.DeleteMeta(connection, transaction, "search_analyzer");
        transaction.Commit();
    }

    /// <summary>A second batch while one is open in this process: plain catch-ups, which the open batch completes.</summary>
    private sealed class Unbatched(LuceneIndex index) : ICaptureIndexBatch
    {
        public void CatalogChanged(IReadOnlyDictionary<string, string> texts) => index.CatalogChanged();

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// The writer of a batch ingest (see <see cref="BeginBatch"/>). The index work of each catalog commit runs on one
    /// background thread, in order, while the ingest prepares and commits the next group; at most
    /// <see cref="MaxQueued"/> commits wait for it, so the texts held for it stay bounded.
    /// </summary>
    private sealed class Batch(LuceneIndex index) : ICaptureIndexBatch
    {
        private const int MaxQueued = 2;
        private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
        private Task _tail = Task.CompletedTask;
        private int _queued;
        private ExceptionDispatchInfo? _error;
        private IndexWriter? _writer;
        private long _covered = long.MinValue;
        private bool _pending;
        private bool _failed;
        private long _lastCommit = TimeProvider.System.GetTimestamp();

        public void CatalogChanged(IReadOnlyDictionary<string, string> texts)
        {
            ArgumentNullException.ThrowIfNull(texts);
            _error?.Throw();
            if (Volatile.Read(ref _failed))
            {
                return;
            }

            foreach (var (digest, text) in texts)
            {
                _texts[digest] = text;
            }

            if (Interlocked.Increment(ref _queued) > MaxQueued)
            {
                _tail.Wait();
                _error?.Throw();
            }

            _tail = _tail.ContinueWith(
                _ =>
                {
                    Interlocked.Decrement(ref _queued);
                    Run(Apply);
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }

        public void Dispose()
        {
            try
            {
                _tail.Wait();
                Run(() =>
                {
                    if (_pending && !_failed)
                    {
                        Commit();
                    }
                });
            }
            finally
            {
                if (_writer is not null)
                {
                    _writer = null;
                    index.ReturnWriter();
                }

                _texts.Clear();
                Interlocked.CompareExchange(ref index._batch, null, this);
            }

            _error?.Throw();
        }

        /// <summary>Runs index work: an index that cannot be written is left behind (the catalog has committed); other failures reach the ingest.</summary>
        private void Run(Action work)
        {
            if (_failed || _error is not null)
            {
                return;
            }

            try
            {
                work();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptIndexException)
            {
                // The next search catches up, and verify reports the gap.
                Abandon();
            }
            catch (Exception ex)
            {
                _error = ExceptionDispatchInfo.Capture(ex);
                Abandon();
            }
        }

        private void Apply()
        {
            if (index.Problem() is not null)
            {
                return;
            }

            if (_writer is null)
            {
                _writer = index.TakeWriter(AfterCommitWait);
                if (_writer is null)
                {
                    // Another process holds the writer: it, or the next search, catches up.
                    return;
                }

                var data = index.Committed();
                _covered = Position(data) ?? -1;
                using var connection = index._database.OpenUnmapped();
                if (Stranger(data, connection, null) is not null)
                {
                    // Not this catalog's index: searches say so and ask for a reindex; it is left as it is.
                    Abandon();
                    return;
                }
            }

            // Every text given so far belongs to a commit this catch-up covers (they are given after their commit).
            var given = _texts.Keys.ToList();
            using (var connection = index._database.OpenUnmapped())
            using (var snapshot = connection.BeginTransaction(deferred: true))
            {
                var position = CatalogPosition(connection, snapshot);
                if (position > _covered)
                {
                    var ids = ChangedCaptures(connection, snapshot, _covered);
                    index.Write(_writer, connection, snapshot, ids, _texts, null, CancellationToken.None);
                    _writer.SetCommitData(index.CommitData(_writer, connection, snapshot, position));
                    _covered = position;
                    _pending = true;
                }
            }

            foreach (var digest in given)
            {
                _texts.TryRemove(digest, out _);
            }

            if (_pending && TimeProvider.System.GetElapsedTime(_lastCommit) >= BatchCommitInterval)
            {
                Commit();
            }
        }

        private void Commit()
        {
            _writer!.Commit();
            Interlocked.Increment(ref index._localCommits);
            index.Seen(_covered);
            _pending = false;
            _lastCommit = TimeProvider.System.GetTimestamp();
        }

        private void Abandon()
        {
            Volatile.Write(ref _failed, true);
            if (_writer is null)
            {
                return;
            }

            try
            {
                _writer.Rollback();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptIndexException)
            {
                // Rolling back only drops uncommitted work; the lock is released below either way.
            }

            _writer = null;
            index.DropWriter();
        }
    }

    /// <summary>Searchers that rank with <see cref="Similarity"/>.</summary>
    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Similarity };
    }
}
