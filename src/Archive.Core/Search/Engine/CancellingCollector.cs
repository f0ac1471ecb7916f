using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Passes every hit on to another collector and checks a cancellation token at every segment and every few thousand
/// hits, so that a search Lucene runs on its own (a top-n search, say) stops inside Lucene when its time is up.
/// </summary>
internal sealed class CancellingCollector(ICollector inner, CancellationToken cancellationToken) : ICollector
{
    private const int CheckEvery = 4096;
    private int _sinceCheck;

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if (++_sinceCheck == CheckEvery)
        {
            _sinceCheck = 0;
            cancellationToken.ThrowIfCancellationRequested();
        }

        inner.Collect(doc);
    }
}
