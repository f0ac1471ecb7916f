using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// A minimal client for the Chrome DevTools Protocol over the browser's WebSocket: numbered commands, their replies,
/// and events (flattened target sessions). Only what a capture needs: no retries, no guessing.
/// </summary>
internal sealed class DevToolsClient : IAsyncDisposable
{
    private const int MaxMessageBytes = 256 * 1024 * 1024;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _awaited = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action<JsonObject>> _listeners = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task? _receiveLoop;
    private int _nextId;

    public async Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(endpoint, cancellationToken);
        _receiveLoop = ReceiveAsync();
    }

    /// <summary>Starts waiting for the next event <paramref name="method"/> in <paramref name="sessionId"/>; await the task after causing it.</summary>
    public Task<JsonObject> ExpectEvent(string method, string? sessionId) =>
        _awaited.GetOrAdd(sessionId + "|" + method, _ => new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Calls <paramref name="handler"/> (on the receiving thread) for every event <paramref name="method"/> in <paramref name="sessionId"/>.</summary>
    public void On(string method, string? sessionId, Action<JsonObject> handler) => _listeners[sessionId + "|" + method] = handler;

    /// <summary>Sends a command and returns its result; a protocol error becomes an <see cref="InvalidOperationException"/>.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _send.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }

        using (cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken)))
        {
            var answer = await reply.Task;
            if (answer["error"] is JsonObject error)
            {
                throw new InvalidOperationException($"{method}: {error["message"]}");
            }

            return answer["result"] as JsonObject ?? new JsonObject();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Abort();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _socket.Dispose();
        _send.Dispose();
        _closing.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    break;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                message.SetLength(0);
                if (node is null)
                {
                    continue;
                }

                if (node["id"] is JsonValue idValue && _pending.TryRemove(idValue.GetValue<int>(), out var reply))
                {
                    reply.TrySetResult(node);
                }
                else if (node["method"]?.GetValue<string>() is { } method)
                {
                    var key = node["sessionId"]?.GetValue<string>() + "|" + method;
                    var parameters = node["params"] as JsonObject ?? new JsonObject();
                    if (_listeners.TryGetValue(key, out var listener))
                    {
                        listener(parameters);
                    }

                    if (_awaited.TryRemove(key, out var awaited))
                    {
                        awaited.TrySetResult(parameters);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or System.Text.Json.JsonException or ObjectDisposedException)
        {
            // The browser went away or the session is closing; pending commands fail below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the browser closed the DevTools connection"));
        }

        foreach (var awaited in _awaited.Values)
        {
            awaited.TrySetException(new InvalidOperationException("the browser closed the DevTools connection"));
        }
    }
}
