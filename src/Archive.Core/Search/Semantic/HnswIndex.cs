using System.Security.Cryptography;
using Cloud.Unum.USearch;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// An HNSW graph over chunk vectors (USearch: cosine over the same int8 vectors the exact scan reads), keyed by the
/// chunks' rowids in the vector store, so a saved file still names the same chunks in the next process. Derived
/// only: built from a <see cref="VectorSet"/>, saved beside the store with its SHA-256 in a <see cref="HnswManifest"/>,
/// loaded only when that hash and the chunk count hold. Queries share it under a read lock; additions and disposal
/// take the write lock a few chunks at a time, so a query never waits long.
/// </summary>
internal sealed class HnswIndex : IDisposable
{
    /// <summary>Neighbours a node keeps per layer (USearch's default).</summary>
    public const int Connectivity = 16;

    /// <summary>Candidates looked at while adding a chunk (USearch's default).</summary>
    public const int ExpansionAdd = 128;

    /// <summary>Candidates looked at while searching, at least; a search for more chunks looks at as many as it wants.</summary>
    public const int ExpansionSearch = 64;

    /// <summary>How many chunks are added under one hold of the write lock.</summary>
    private const int AddsPerLock = 64;

    private readonly USearchIndex _index;
    private readonly ReaderWriterLockSlim _lock = new();
    private bool _disposed;

    private HnswIndex(USearchIndex index, long removals, long lastRowId)
    {
        _index = index;
        Removals = removals;
        LastRowId = lastRowId;
    }

    /// <summary>The store's removal count the index was built at: chunks it holds may be gone once that count moves.</summary>
    public long Removals { get; }

    /// <summary>The highest chunk rowid it holds: every chunk of the set up to it is in the index.</summary>
    public long LastRowId { get; private set; }

    /// <summary>Chunks added since the index was last saved or loaded.</summary>
    public long Unsaved { get; private set; }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _disposed ? 0 : (long)_index.Size();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>An empty index for vectors of <paramref name="dimensions"/> numbers, at the store's removal count.</summary>
    public static HnswIndex Create(int dimensions, long removals) =>
        new(new USearchIndex(MetricKind.Cos, ScalarKind.Int8, (ulong)dimensions, Connectivity, ExpansionAdd, ExpansionSearch), removals, 0);

    /// <summary>Adds every chunk of <paramref name="set"/> past <see cref="LastRowId"/>; returns how many (it stops once the index is disposed).</summary>
    public int Extend(VectorSet set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var added = 0;
        var buffer = new sbyte[set.Dimensions];
        var from = LastRowId;
        var pending = Enumerable.Range(0, set.Chunks).Where(i => set.RowIdOf(i) > from).OrderBy(set.RowIdOf).ToList();
        for (var start = 0; start < pending.Count; start += AddsPerLock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _lock.EnterWriteLock();
            try
            {
                if (_disposed)
                {
                    return added;
                }

                foreach (var chunk in pending.Skip(start).Take(AddsPerLock))
                {
                    var key = (ulong)set.RowIdOf(chunk);
                    if (!_index.Contains(key))
                    {
                        set.RawOf(chunk).CopyTo(buffer);
                        _index.Add(key, buffer);
                        added++;
                    }
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        // Only now: until every chunk up to it is in, a set attached meanwhile scans the rest itself.
        LastRowId = Math.Max(LastRowId, set.LastRowId);
        Unsaved += added;
        return added;
    }

    /// <summary>The rowids of about the <paramref name="count"/> nearest chunks, nearest first; null once disposed (the caller scans).</summary>
    public IReadOnlyList<long>? Nearest(sbyte[] query, int count)
    {
        _lock.EnterReadLock();
        try
        {
            if (_disposed)
            {
                return null;
            }

            var found = _index.Search(query, count, out var keys, out _);
            var result = new long[found];
            for (var i = 0; i < found; i++)
            {
                result[i] = (long)keys[i];
            }

            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Writes the index to <paramref name="path"/> (a temporary file renamed over it) and returns what the store records of it.</summary>
    public HnswManifest Save(string path)
    {
        var temporary = path + ".tmp";
        long count;
        long lastRowId;
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _index.Save(temporary);
            count = (long)_index.Size();
            lastRowId = LastRowId;
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var digest = Digest(temporary);
        File.Move(temporary, path, overwrite: true);
        Unsaved = 0;
        return new HnswManifest(Removals, lastRowId, count, digest);
    }

    /// <summary>
    /// The saved index when the file is the one <paramref name="manifest"/> describes (its SHA-256, its chunk count, its
    /// vector length); null with the reason otherwise. A changed file is never handed to the native loader.
    /// </summary>
    public static HnswIndex? Load(string path, HnswManifest manifest, int dimensions, out string? problem)
    {
        if (!File.Exists(path))
        {
            problem = "no index file";
            return null;
        }

        if (!string.Equals(Digest(path), manifest.FileSha256, StringComparison.Ordinal))
        {
            problem = "the index file changed on disk (its SHA-256 is not the one recorded)";
            return null;
        }

        USearchIndex? index = null;
        try
        {
            index = new USearchIndex(path, view: false);
            if ((long)index.Size() != manifest.Count || (long)index.Dimensions() != dimensions)
            {
                problem = $"the index file holds {index.Size()} vectors of {index.Dimensions()} numbers where {manifest.Count} of {dimensions} were recorded";
                index.Dispose();
                return null;
            }
        }
        catch (USearchException ex)
        {
            index?.Dispose();
            problem = "the index file cannot be read: " + ex.Message;
            return null;
        }

        problem = null;
        return new HnswIndex(index, manifest.Removals, manifest.LastRowId);
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _index.Dispose();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private static string Digest(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
