using System.Net.Sockets;
using System.Threading.Channels;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Passes a response on to the browser as it is recorded, on a task of its own: the recording reads the server at the
/// server's pace whatever the browser does, so a browser that stops reading, or hangs up (it cancelled an image, it
/// navigated away), neither holds up nor cuts what is recorded. The bytes passed on are the recorded bytes, in order.
/// </summary>
internal sealed class ResponseRelay
{
    private readonly Stream _browser;
    private readonly Channel<ReadOnlyMemory<byte>> _queue = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _pump;
    private long _offered;
    private volatile bool _gone;

    public ResponseRelay(Stream browser, CancellationToken cancellationToken)
    {
        _browser = browser;
        _pump = Task.Run(() => PumpAsync(cancellationToken), CancellationToken.None);
    }

    /// <summary>
    /// Queues what <paramref name="recorded"/> holds beyond what was offered before. Its buffer is read as it is now:
    /// a memory stream only appends after that and copies into a new array when it grows, so the queued bytes stay as they were.
    /// </summary>
    public void Offer(MemoryStream recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Length > _offered)
        {
            _queue.Writer.TryWrite(recorded.GetBuffer().AsMemory((int)_offered, (int)(recorded.Length - _offered)));
            _offered = recorded.Length;
        }
    }

    /// <summary>Waits until everything offered has gone to the browser: false when the browser hung up or the time was up.</summary>
    public async Task<bool> CompleteAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !_gone;
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        await foreach (var segment in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            if (_gone)
            {
                continue;
            }

            try
            {
                await _browser.WriteAsync(segment, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The browser no longer wants it; the recording goes on without it.
                _gone = true;
            }
        }
    }
}
