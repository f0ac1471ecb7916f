using System.Collections.Concurrent;

namespace Archive.Core.Search.Engine;

/// <summary>
/// The one-writer lock of an index, across threads and processes: a semaphore per index path inside this process and
/// an exclusive lock on <c>index.lock</c> beside the index between processes (an OS lock, released even when a
/// process is killed). Lucene.Net's own native lock does not exclude another process on Linux (measured: two
/// processes both obtained it), so the index is opened without it and this lock guards every writer.
/// </summary>
internal sealed class IndexWriteLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _gate;
    private readonly FileStream _file;
    private bool _released;

    private IndexWriteLock(SemaphoreSlim gate, FileStream file)
    {
        _gate = gate;
        _file = file;
    }

    /// <summary>Takes the lock for <paramref name="lockPath"/>, waiting up to <paramref name="wait"/>; null when another writer still holds it.</summary>
    public static IndexWriteLock? TryAcquire(string lockPath, TimeSpan wait, TimeProvider clock)
    {
        var deadline = clock.GetUtcNow() + wait;
        var gate = InProcess.GetOrAdd(Path.GetFullPath(lockPath), _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(wait))
        {
            return null;
        }

        while (true)
        {
            try
            {
                return new IndexWriteLock(gate, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                Thread.Sleep(Retry);
            }
            catch (IOException)
            {
                gate.Release();
                return null;
            }
        }
    }

    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        _file.Dispose();
        _gate.Release();
    }
}
