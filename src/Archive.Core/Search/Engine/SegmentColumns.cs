using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Archive.Core.Search.Engine;

/// <summary>
/// The values every match of a search reads (its rowid and its facets' ordinals), copied out of one segment's doc
/// values into arrays. Lucene.Net reads a doc value through several calls into a memory-mapped buffer; a query that
/// matches most of a large archive spent about 15 % of its time there. A segment's copy is made by the first
/// search that collects many of its matches (<see cref="MatchCollector"/>), kept as long as the segment exists (its
/// core is the key), and shared by every search and thread: 24 bytes per document (24 MB for 1,000,000 documents).
/// </summary>
internal sealed class SegmentColumns
{
    /// <summary>An ordinal for a document with no value.</summary>
    public const int None = -1;

    private static readonly ConditionalWeakTable<object, Slot> Copies = new();

    private SegmentColumns(AtomicReader reader, CancellationToken cancellationToken)
    {
        var count = reader.MaxDoc;
        RowIds = new long[count];
        if (reader.GetNumericDocValues(IndexFields.RowId) is { } rowIds)
        {
            for (var doc = 0; doc < count; doc++)
            {
                Check(doc, cancellationToken);
                RowIds[doc] = rowIds.Get(doc);
            }
        }
        else
        {
            Array.Fill(RowIds, -1);
        }

        Publisher = Ordinals(reader, IndexFields.Publisher, cancellationToken);
        Type = Ordinals(reader, IndexFields.Type, cancellationToken);
        Language = Ordinals(reader, IndexFields.Language, cancellationToken);
        Published = Ordinals(reader, IndexFields.Published, cancellationToken);
    }

    /// <summary>Each document's rowid (−1 for none, as the doc values give it).</summary>
    public long[] RowIds { get; }

    /// <summary>Each document's ordinal in the segment's publisher values, or <see cref="None"/>.</summary>
    public int[] Publisher { get; }

    /// <summary>Each document's ordinal in the segment's source types, or <see cref="None"/>.</summary>
    public int[] Type { get; }

    /// <summary>Each document's ordinal in the segment's languages, or <see cref="None"/>.</summary>
    public int[] Language { get; }

    /// <summary>Each document's ordinal in the segment's published dates, or <see cref="None"/>.</summary>
    public int[] Published { get; }

    /// <summary>The copy of <paramref name="reader"/>'s segment if one has been made, else null (nothing is read).</summary>
    public static SegmentColumns? Find(AtomicReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Copies.TryGetValue(reader.CoreCacheKey, out var slot) ? Volatile.Read(ref slot.Columns) : null;
    }

    /// <summary>
    /// The copy of <paramref name="reader"/>'s segment, made now if there is none: by one thread, while any other that
    /// asks for it waits. A failed or cancelled copy is not kept, so the next search tries again.
    /// </summary>
    public static SegmentColumns Get(AtomicReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var slot = Copies.GetValue(reader.CoreCacheKey, _ => new Slot());
        lock (slot)
        {
            if (slot.Columns is null)
            {
                Volatile.Write(ref slot.Columns, new SegmentColumns(reader, cancellationToken));
            }

            return slot.Columns;
        }
    }

    private static int[] Ordinals(AtomicReader reader, string field, CancellationToken cancellationToken)
    {
        var ordinals = new int[reader.MaxDoc];
        if (reader.GetSortedDocValues(field) is not { } values)
        {
            Array.Fill(ordinals, None);
            return ordinals;
        }

        for (var doc = 0; doc < ordinals.Length; doc++)
        {
            Check(doc, cancellationToken);
            ordinals[doc] = values.GetOrd(doc);
        }

        return ordinals;
    }

    private static void Check(int doc, CancellationToken cancellationToken)
    {
        if ((doc & 65535) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Where a segment's copy is kept once made (the lock of whoever makes it).</summary>
    private sealed class Slot
    {
        public SegmentColumns? Columns;
    }
}
