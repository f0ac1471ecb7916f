using Archive.Core.Briefings;
using Archive.Core.Catalog;
using Archive.Core.Export.Bag;
using Archive.Core.Export.Wacz;
using Archive.Core.Ingestion;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Ingestion.Layout;
using Archive.Core.Pages;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Search.Engine;
using Archive.Core.Search.Semantic;
using Archive.Core.Security;
using Archive.Core.Storage;
using Archive.Core.Verification;
using Archive.Core.Versions;

namespace Archive.Core;

/// <summary>
/// The one composition root of an open archive, used by the CLI, the web host, the benchmarks and the tests. It
/// builds the long-lived parts once (catalog connections, content store, event log and key, extractors, analyzer,
/// search index) and hands each service only the parts it uses.
/// </summary>
public sealed class ArchiveCore : IDisposable
{
    private readonly Lazy<LuceneBackend> _backend;
    private readonly Lazy<Searcher> _searcher;

    private ArchiveCore(ArchiveLayout layout, TimeProvider clock)
    {
        Layout = layout;
        Clock = clock;
        Database = new ArchiveDatabase(layout);
        Store = new ContentStore(layout.BlobsPath);
        Log = new EventLog(Database, clock, ToolVersion, () => CheckpointSigner.Load(layout.PrivateKeyPath, layout.PublicKeyPath, named: layout.SigningKeyFile is not null));
        Extractors = new ExtractorRegistry();
        Index = new LuceneIndex(Database, Store, new Analyzer(), layout.IndexPath);
        Catalog = new CatalogReader(Database, Store);
        Packs = new PackCatalog(Database, Log);
        Locator = new PassageLocator(Catalog, Store);
        Pages = new PageImages(Catalog, Locator, PageRenderer, new PageImageCache());
        Semantic = new SemanticIndex(Database, Store, layout.VectorsPath, MiniLm.Model, MiniLm.Dimensions, () => SharedEmbedder.Value);
        _backend = new Lazy<LuceneBackend>(() => new LuceneBackend(Index, SearchLimits.Default.MaxExpansions));
        _searcher = new Lazy<Searcher>(() => new Searcher(_backend.Value, Index.Analyzer, Database, Store, clock, layout.AliasesPath, SearchLimits.Default, Place, Semantic));
    }

    /// <summary>The model's name and size without loading it (loading takes a second or two).</summary>
    private static readonly (string Model, int Dimensions) MiniLm = (MiniLmEmbedder.Name, 384);

    /// <summary>One model per process, loaded on first use, on one thread so that searches keep a core while it embeds.</summary>
    private static readonly Lazy<ITextEmbedder> SharedEmbedder = new(() => new MiniLmEmbedder(threads: 1), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where a search passage of a paged capture is on its original (page and box), from its word layout.</summary>
    private PassagePlace? Place(long rowId, int start, int end, CancellationToken cancellationToken)
    {
        try
        {
            return Locator.Locate(rowId, start, end, cancellationToken) is { Box: { } box } location
                ? new PassagePlace(location.Page, box.X0, box.Y0, box.X1, box.Y1, location.Unit, location.PageWidth, location.PageHeight)
                : null;
        }
        catch (ArchiveException)
        {
            return null; // a layout that cannot place the passage leaves it without a page; the hit stays
        }
    }

    /// <summary>"archive X.Y.Z", recorded in every event.</summary>
    public static string ToolVersion => EventLog.CurrentToolVersion;

    public ArchiveLayout Layout { get; }

    public TimeProvider Clock { get; }

    internal ArchiveDatabase Database { get; }

    internal ContentStore Store { get; }

    /// <summary>The event log, with the archive key that signs its checkpoints.</summary>
    internal EventLog Log { get; }

    internal ExtractorRegistry Extractors { get; }

    /// <summary>The Lucene.Net index, derived from the catalog, and its analyzer: the one analysis for indexing, querying and passages.</summary>
    internal LuceneIndex Index { get; }

    /// <summary>Reads sources, captures, texts and metadata.</summary>
    public CatalogReader Catalog { get; }

    /// <summary>Page and box on the original for a code-point range of a capture's text (PDFs and images); it caches recent layouts.</summary>
    internal PassageLocator Locator { get; }

    /// <summary>Draws pages of PDF and image originals (pdftoppm; ImageSharp for images), bounded in size and time.</summary>
    internal PageRenderer PageRenderer { get; } = new();

    /// <summary>Page images for the hosts: page lists, a passage's place on its page, pages drawn at a bounded width and cached.</summary>
    public PageImages Pages { get; }

    /// <summary>The packs built from this archive.</summary>
    public PackCatalog Packs { get; }

    /// <summary>Search by meaning: the vectors of English texts, what waits to be embedded, and the embedding.</summary>
    public SemanticIndex Semantic { get; }

    /// <summary>One per archive: it caches the vocabulary, the facets and the alias table.</summary>
    public Searcher Searcher => _searcher.Value;

    /// <summary>Finds every match of a query inside one capture's text ("find in document").</summary>
    public DocumentFinder Finder => new(Searcher, _backend.Value, Index.Analyzer, Clock);

    /// <summary>Finds the captures most like one capture (Lucene's MoreLikeThis), with the words they share.</summary>
    public RelatedFinder Related => new(Index, Database, Semantic);

    /// <summary>Compares two captures' texts and re-resolves the pack citations of the older in the newer.</summary>
    public VersionComparer Versions => new(Catalog, Packs);

    public Ingestor Ingestor => new(Database, Store, Log, Extractors, Index, Layout);

    /// <summary>Makes new texts for archived captures from their unchanged originals; earlier texts stay valid.</summary>
    public Reextractor Reextractor => new(Database, Store, Log, Extractors, Index);

    /// <summary>Captures web pages (WARC, screenshot, rendered text) into this archive.</summary>
    public WebCapturer Capturer => new(Database, Store, Log, Index, Clock);

    public MetadataAmender Amender => new(Database, Log, Index);

    public Withdrawer Withdrawer => new(Database, Log, Index);

    public LogService LogService => new(Database, Log);

    /// <summary>Writes captures with their provenance as a BagIt 1.0 bag.</summary>
    public BagExporter BagExporter => new(Database, Store, Log, Catalog, Packs, () => Searcher);

    /// <summary>Packages web captures as a signed WACZ 1.1.1 file.</summary>
    public WaczExporter WaczExporter => new(Database, Log, Catalog);

    /// <summary>Validates a BagIt bag and ingests it with its provenance.</summary>
    public BagImporter BagImporter => new(Database, Log, Catalog, () => Ingestor, () => Reextractor);

    /// <summary>RFC 3161 time stamps over checkpoints: obtain, store and check them.</summary>
    public TimestampService Timestamps => new(Database, Log);

    /// <summary>The signing key: show it, and change it as a signed event.</summary>
    public KeyService Keys => new(Database, Log, Layout);

    public Verifier Verifier => new(Database, Store, Log, Index, Layout.Root);

    /// <summary>Moves store files that nothing names (what an interrupted ingest leaves) out of the store, kept byte for byte.</summary>
    public Quarantine Quarantine => new(Layout, Database, Store, Verifier);

    public CheckpointAuditor Auditor => new(Database, Log);

    /// <summary>Cosigns checkpoints as a witness, after checking the log only grew.</summary>
    public Witness Witness => new(Database, Log);

    public Reindexer Reindexer => new(Index, Semantic, Layout.AliasesPath);

    public PackVerifier PackVerifier => new(Database, Store, Log, Packs);

    public TokenStore Tokens => new(Database, Clock);

    /// <summary>The fingerprint of the archive's signing key (hex SHA-256 of its public key), for pinning.</summary>
    public string KeyId => Log.Signer.KeyId;

    /// <summary>The archive's public key in PEM, as published at <c>/api/log/public-key</c>.</summary>
    public string PublicKeyPem => Log.Signer.PublicKeyPem;

    /// <summary>The analysis chain's signature recorded with the index (a change asks for <c>archive reindex</c>).</summary>
    public string AnalyzerSignature => Index.Analyzer.Signature;

    /// <summary>Where the content store keeps the blob with this digest (it may be missing: verify reports that).</summary>
    public string BlobPath(Sha256Digest digest) => Store.PathFor(digest);

    /// <summary>A pack builder that prints with <paramref name="printer"/> from the templates in <paramref name="templatesDirectory"/> (found when null).</summary>
    public PackBuilder PackBuilder(IPdfPrinter printer, string? templatesDirectory = null) =>
        new(Database, Store, Log, Packs, Layout.PacksPath, printer, templatesDirectory, new PackCropper(Locator, PageRenderer, id => Store.PathFor(id.Digest)));

    /// <summary>Opens an initialised archive. Throws <see cref="ArchiveException"/> (<see cref="ArchiveErrorKind.NoArchive"/>) otherwise.</summary>
    public static ArchiveCore Open(ArchiveLayout layout, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(clock);
        if (!File.Exists(layout.CatalogPath))
        {
            throw ArchiveException.NoArchive(layout.Root);
        }

        return new ArchiveCore(layout, clock);
    }

    /// <summary>
    /// Creates the archive root, catalog, search index, blob store, signing key and the shipped <c>aliases.txt</c>
    /// where missing. Returns true if anything was created.
    /// </summary>
    public static bool Initialize(ArchiveLayout layout, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(clock);
        var created = !File.Exists(layout.CatalogPath);
        OutputFolder.Create(layout.Root);
        Directory.CreateDirectory(layout.BlobsPath);
        Directory.CreateDirectory(layout.PacksPath);
        Directory.CreateDirectory(layout.KeysPath);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(layout.KeysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // The shipped name-variant sets, so that Daesh also finds ISIS in a new archive; edit or empty the file at will.
        if (created && AliasTable.WriteShipped(layout.AliasesPath))
        {
            created = true;
        }

        if (!File.Exists(layout.PrivateKeyPath) && !File.Exists(layout.PublicKeyPath))
        {
            CheckpointSigner.Generate(layout.PrivateKeyPath, layout.PublicKeyPath);
            created = true;
        }
        else if (!File.Exists(layout.PublicKeyPath))
        {
            // A key kept outside the archive (--key or ARCHIVE_KEY): the archive holds only its public half.
            using var key = CheckpointSigner.LoadPrivateKey(layout.PrivateKeyPath);
            File.WriteAllText(layout.PublicKeyPath, key.PublicKeyPem + "\n");
            created = true;
        }

        new ArchiveDatabase(layout).EnsureCreated(
            CatalogSchema.Create,
            ProvenanceSchema.Create,
            TokenStore.CreateSchema,
            PackCatalog.CreateSchema,
            (connection, transaction) => ArchiveDatabase.InitializeMeta(connection, transaction, CatalogSchema.Version, EventLog.FormatTime(clock.GetUtcNow())));
        var database = new ArchiveDatabase(layout);
        using var index = new LuceneIndex(database, new ContentStore(layout.BlobsPath), new Analyzer(), layout.IndexPath);
        if (index.IndexedPosition() is null && index.CatalogPosition() < 0)
        {
            index.Create();
        }

        return created;
    }

    public void Dispose()
    {
        Index.Dispose();
        Log.Dispose();
        Pages.Dispose();
        Semantic.Dispose();
    }
}
