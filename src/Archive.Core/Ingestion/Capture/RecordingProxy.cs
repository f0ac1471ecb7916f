using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 that the capturing browser sends every request through. For each request it
/// checks the URL and the resolved address against <see cref="NetworkPolicy"/>, opens a new connection to the checked
/// address, sends the request, reads the response exactly as it arrives (within the capture's byte and time limits),
/// writes both to the WARC and relays the same bytes to the browser. An https page comes as a CONNECT tunnel: the
/// proxy checks the host, ends the browser's TLS with a certificate from the capture's own
/// <see cref="CaptureAuthority"/>, reads the decrypted requests, and sends each over its own TLS connection to the
/// server, whose certificate it validates and records (<see cref="UpstreamTls"/>). Requests it refuses (private
/// addresses, a certificate that fails validation, past the resource limit) get a short 403, 502 or 503 from the
/// proxy itself, which is never recorded as if the server had sent it.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    // Request fields meant for the proxy, not the server (RFC 9110 7.6.1; Proxy-Connection is Chromium's legacy form).
    private static readonly string[] ProxyOnlyFields = ["Proxy-Connection", "Proxy-Authorization"];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CaptureOptions _options;
    private readonly WarcWriter _warc;
    private readonly TimeProvider _clock;
    private readonly ByteBudget _budget;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _lock = new();
    private readonly List<RecordedExchange> _exchanges = [];
    private readonly List<RefusedRequest> _refused = [];
    private readonly List<Task> _connections = [];
    private readonly Dictionary<string, TlsSession> _tls = new(StringComparer.Ordinal);
    private readonly CaptureAuthority? _authority;
    private int _resources;
    private int _inFlight;
    private long _lastActivity = Stopwatch.GetTimestamp();
    private Task? _acceptLoop;

    /// <param name="authority">The capture's certificate authority for https tunnels; null refuses https.</param>
    public RecordingProxy(CaptureOptions options, WarcWriter warc, TimeProvider clock, CaptureAuthority? authority, CancellationToken deadline)
    {
        _authority = authority;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _warc = warc ?? throw new ArgumentNullException(nameof(warc));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _budget = new ByteBudget(options.MaxBytes);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
    }

    /// <summary>The port the proxy listens on, once started.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Response bytes recorded so far.</summary>
    public long BytesRecorded => _budget.Used;

    /// <summary>True when the byte limit cut at least one response.</summary>
    public bool ByteLimitReached => _budget.Exhausted;

    /// <summary>True when requests were refused for passing the resource limit.</summary>
    public bool ResourceLimitReached => Volatile.Read(ref _resources) > _options.MaxResources;

    /// <summary>The exchanges recorded, in the order they completed, without their bytes (those are in the WARC).</summary>
    public IReadOnlyList<RecordedExchange> Exchanges
    {
        get
        {
            lock (_lock)
            {
                return [.. _exchanges];
            }
        }
    }

    public IReadOnlyList<RefusedRequest> Refused
    {
        get
        {
            lock (_lock)
            {
                return [.. _refused];
            }
        }
    }

    /// <summary>Every distinct TLS connection seen (one per host, port and server certificate), in the order first seen.</summary>
    public IReadOnlyList<TlsSession> TlsSessions
    {
        get
        {
            lock (_lock)
            {
                return [.. _tls.Values];
            }
        }
    }

    /// <summary>True when no exchange is in flight and none started or ended during the last <paramref name="quiet"/>.</summary>
    public bool IsQuiet(TimeSpan quiet) =>
        Volatile.Read(ref _inFlight) == 0 && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastActivity)) >= quiet;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>Stops accepting, cuts exchanges still in flight (recorded as truncated by time) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        Task[] connections;
        lock (_lock)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await ServeRequestsAsync(client.GetStream(), tunnel: null);
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
            {
                // The browser closed the connection, sent something malformed, or the capture is over.
            }
        }
    }

    /// <summary>Reads and handles requests from the browser until the connection ends; <paramref name="tunnel"/> is the https authority inside a CONNECT tunnel.</summary>
    private async Task ServeRequestsAsync(Stream browser, string? tunnel)
    {
        var reader = new HttpStreamReader(browser);
        while (!_stop.IsCancellationRequested)
        {
            var raw = await reader.ReadHeadAsync(_stop.Token);
            if (raw is null || HttpHead.Parse(raw) is not { } head || !await HandleAsync(head, reader, browser, tunnel))
            {
                return;
            }
        }
    }

    /// <summary>Handles one request from the browser; returns false when the browser connection must close.</summary>
    private async Task<bool> HandleAsync(HttpHead head, HttpStreamReader reader, Stream browser, string? tunnel)
    {
        var parts = head.StartLine.Split(' ');
        if (parts.Length != 3)
        {
            await RespondAsync(browser, 400, "Bad Request");
            return false;
        }

        var (method, target, version) = (parts[0], parts[1], parts[2]);
        if (method == "CONNECT" && tunnel is null)
        {
            await TunnelAsync(target, browser);
            return false;
        }

        // Inside a tunnel the browser sends origin-form targets (/path?query) for the tunnel's host.
        var url = tunnel is null ? target : target.StartsWith('/') ? $"https://{tunnel}{target}" : target;
        var expected = tunnel is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        if (NetworkPolicy.CheckUrl(url, out var uri) is { } badUrl || uri!.Scheme != expected)
        {
            Refuse(url, NetworkPolicy.CheckUrl(url, out _) ?? $"not an absolute {expected} URL");
            await RespondAsync(browser, 400, "Bad Request");
            return false;
        }

        // The request body is read before anything is refused, so the connection stays in step.
        var requestFraming = head.Lists("Transfer-Encoding", "chunked") ? BodyFraming.Chunked : head.ContentLength > 0 ? BodyFraming.Length : BodyFraming.None;
        using var requestBody = new MemoryStream();
        using var requestHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (await reader.ReadBodyAsync(requestFraming, head.ContentLength ?? 0, requestBody, requestHash, new ByteBudget(16L * 1024 * 1024), _stop.Token) != BodyEnd.Complete)
        {
            Refuse(uri.AbsoluteUri, "the browser's request body was incomplete or over 16 MB");
            return false;
        }

        if (Interlocked.Increment(ref _resources) > _options.MaxResources)
        {
            Refuse(uri.AbsoluteUri, $"over the limit of {_options.MaxResources} resources");
            await RespondAsync(browser, 503, "Service Unavailable");
            return true;
        }

        Interlocked.Increment(ref _inFlight);
        Touch();
        try
        {
            return await ForwardAsync(method, uri, version, head, requestBody.ToArray(), requestFraming == BodyFraming.None ? null : requestHash.GetHashAndReset(), browser, tunnel is not null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Touch();
        }
    }

    /// <summary>
    /// A CONNECT from the browser: checks the host like any URL (scheme, DNS, private addresses), then answers 200 and
    /// ends the browser's TLS with a certificate of the capture's authority, and serves the decrypted requests.
    /// </summary>
    private async Task TunnelAsync(string authority, Stream browser)
    {
        var origin = $"https://{authority}/";
        if (_authority is null)
        {
            Refuse(origin, "https is not recorded by this proxy");
            await RespondAsync(browser, 403, "Forbidden");
            return;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.UserInfo))
        {
            Refuse(origin, "not a host:port to tunnel to");
            await RespondAsync(browser, 400, "Bad Request");
            return;
        }

        var (address, refusal) = await NetworkPolicy.ResolveAsync(uri.IdnHost, _options.AllowPrivateNetwork, _stop.Token);
        if (address is null)
        {
            Refuse(uri.AbsoluteUri, refusal!);
            await RespondAsync(browser, 403, "Forbidden");
            return;
        }

        await browser.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
        await using var tls = new SslStream(browser, leaveInnerStreamOpen: true);
        var certificate = _authority.ServerCertificate(uri.IdnHost);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, [_authority.Root], offline: true),
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        }, _stop.Token);
        await ServeRequestsAsync(tls, uri.Authority);
    }

    private async Task<bool> ForwardAsync(string method, Uri uri, string version, HttpHead head, byte[] body, byte[]? bodyDigest, Stream browser, bool tunnelled)
    {
        var (address, refusal) = await NetworkPolicy.ResolveAsync(uri.IdnHost, _options.AllowPrivateNetwork, _stop.Token);
        if (address is null)
        {
            Refuse(uri.AbsoluteUri, refusal!);
            await RespondAsync(browser, 403, "Forbidden");
            return true;
        }

        using var server = new TcpClient(address.AddressFamily);
        try
        {
            await server.ConnectAsync(address, uri.Port, _stop.Token);
        }
        catch (SocketException ex)
        {
            Refuse(uri.AbsoluteUri, $"could not connect to {address}:{uri.Port} ({ex.SocketErrorCode})");
            await RespondAsync(browser, 502, "Bad Gateway");
            return true;
        }

        // Inside a tunnel the browser's request is already in origin form and carries no proxy fields: sent as it came.
        var request = tunnelled ? [.. head.Raw, .. body] : OriginFormRequest(method, uri, version, head, body);
        Stream serverStream = server.GetStream();
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            var (ssl, session, tlsRefusal) = await UpstreamTls.ConnectAsync(serverStream, uri.IdnHost, uri.Port, _options, _clock.GetUtcNow(), _stop.Token);
            if (session is not null)
            {
                Remember(session);
            }

            if (ssl is null)
            {
                Refuse(uri.AbsoluteUri, tlsRefusal!);
                await RespondAsync(browser, 502, "Bad Gateway");
                return true;
            }

            serverStream = ssl;
        }

        await using var upstream = serverStream;
        var date = _clock.GetUtcNow();
        await serverStream.WriteAsync(request, _stop.Token);

        using var response = new MemoryStream();
        using var payload = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var serverReader = new HttpStreamReader(serverStream);
        // The response goes on to the browser as it comes, not once it has ended: a page that keeps sending (or a
        // large one) is shown as far as it came when the time limit ends the capture. The bytes passed on are the
        // bytes recorded; the browser's pace or hang-up does not touch the recording.
        var relay = new ResponseRelay(browser, _stop.Token);
        serverReader.BeforeRead = _ =>
        {
            relay.Offer(response);
            return Task.CompletedTask;
        };
        HttpHead? responseHead = null;
        string? truncated = null;
        var framing = BodyFraming.None;
        try
        {
            // Interim 1xx responses (other than 101) come before the final one and are recorded with it.
            while (true)
            {
                var rawHead = await serverReader.ReadHeadAsync(_stop.Token);
                if (rawHead is null)
                {
                    truncated = "disconnect";
                    break;
                }

                var granted = _budget.Take(rawHead.Length);
                response.Write(rawHead, 0, granted);
                if (granted < rawHead.Length)
                {
                    truncated = "length";
                    break;
                }

                responseHead = HttpHead.Parse(rawHead) ?? throw new InvalidDataException("malformed response head");
                if (responseHead.StatusCode is >= 100 and < 200 and not 101)
                {
                    continue;
                }

                framing = method == "HEAD" || responseHead.StatusCode is 204 or 304 or < 200
                    ? BodyFraming.None
                    : responseHead.Lists("Transfer-Encoding", "chunked") ? BodyFraming.Chunked
                    : responseHead.ContentLength is not null ? BodyFraming.Length
                    : BodyFraming.UntilClose;
                var end = await serverReader.ReadBodyAsync(framing, responseHead.ContentLength ?? 0, response, payload, _budget, _stop.Token);
                truncated = end switch { BodyEnd.Limit => "length", BodyEnd.Disconnect => "disconnect", _ => null };
                break;
            }
        }
        catch (OperationCanceledException)
        {
            truncated = "time";
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException)
        {
            truncated = "disconnect";
        }

        if (response.Length == 0 || responseHead is null)
        {
            Refuse(uri.AbsoluteUri, truncated switch
            {
                "time" => "no response before the time limit",
                "length" => "the byte limit was reached before its response",
                _ => $"no valid response from {address}:{uri.Port}",
            });
            if (!_stop.IsCancellationRequested && await relay.CompleteAsync())
            {
                await RespondAsync(browser, 502, "Bad Gateway");
            }

            return false;
        }

        var exchange = new RecordedExchange(uri, address.ToString(), date, request, response.ToArray(), payload.GetHashAndReset(), bodyDigest, truncated)
        {
            Status = responseHead.StatusCode,
            Location = responseHead.Get("Location"),
            ContentType = responseHead.Get("Content-Type"),
        };
        var spooled = _warc.WriteExchange(exchange);
        lock (_lock)
        {
            _exchanges.Add(exchange with { Request = [], Response = [], Spooled = spooled });
        }

        if (_stop.IsCancellationRequested)
        {
            return false;
        }

        relay.Offer(response);
        var delivered = await relay.CompleteAsync();
        return delivered && truncated is null && framing != BodyFraming.UntilClose && !responseHead.Lists("Connection", "close");
    }

    /// <summary>The request as sent to the server: the request line in origin form, the browser's own field lines verbatim except those meant for the proxy, and the body.</summary>
    private static byte[] OriginFormRequest(string method, Uri uri, string version, HttpHead head, byte[] body)
    {
        var lines = Encoding.Latin1.GetString(head.Raw).Split("\r\n");
        var text = new StringBuilder().Append(method).Append(' ').Append(uri.PathAndQuery).Append(' ').Append(version).Append("\r\n");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : line;
            if (!ProxyOnlyFields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                text.Append(line).Append("\r\n");
            }
        }

        text.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(text.ToString()), .. body];
    }

    private void Remember(TlsSession session)
    {
        lock (_lock)
        {
            _tls.TryAdd($"{session.Authority} {session.Chain[0].Sha256} {session.Valid}", session);
        }
    }

    private void Refuse(string url, string reason)
    {
        lock (_lock)
        {
            _refused.Add(new RefusedRequest(url, reason));
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());

    private async Task RespondAsync(Stream browser, int status, string reason)
    {
        var bytes = Encoding.ASCII.GetBytes(FormattableString.Invariant($"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\nX-Archive-Proxy: refused\r\n\r\n"));
        try
        {
            await browser.WriteAsync(bytes, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The browser has gone or the capture is over: nobody is left to tell.
        }
    }
}
