namespace Archive.Core.Pages;

/// <summary>
/// Recently rendered page images in memory, least recently used dropped first once their bytes pass
/// <see cref="CapacityBytes"/>. Keys name the original's hash, the page and the width, so an entry never goes stale:
/// originals are immutable.
/// </summary>
internal sealed class PageImageCache(long capacityBytes = PageImageCache.DefaultCapacityBytes)
{
    public const long DefaultCapacityBytes = 64L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly LinkedList<(string Key, PageImage Image)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, PageImage Image)>> _entries = new(StringComparer.Ordinal);
    private long _bytes;

    public long CapacityBytes => capacityBytes;

    /// <summary>The bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string key, out PageImage? image)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                image = node.Value.Image;
                return true;
            }
        }

        image = null;
        return false;
    }

    /// <summary>Keeps <paramref name="image"/> unless it alone is larger than the whole cache.</summary>
    public void Add(string key, PageImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Png.Length > capacityBytes)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                _order.Remove(old);
                _bytes -= old.Value.Image.Png.Length;
            }

            _entries[key] = _order.AddFirst((key, image));
            _bytes += image.Png.Length;
            while (_bytes > capacityBytes && _order.Last is { } last)
            {
                _order.RemoveLast();
                _entries.Remove(last.Value.Key);
                _bytes -= last.Value.Image.Png.Length;
            }
        }
    }
}
