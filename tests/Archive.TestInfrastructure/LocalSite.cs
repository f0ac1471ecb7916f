using System.Net;
using System.Text;

namespace Archive.TestInfrastructure;

/// <summary>
/// A small web site served on 127.0.0.1 for capture tests (the network here reaches no other site). Each route is a
/// handler over <see cref="HttpListenerContext"/>; unknown paths are 404. A handler may wait on
/// <see cref="Stopping"/> to play a server that never answers.
/// </summary>
internal sealed class LocalSite : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public LocalSite()
    {
        _listener = LoopbackListener.Start(out var port);
        Port = port;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Cancelled when the site is disposed.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>How many requests each path received.</summary>
    public Dictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public LocalSite Route(string path, Func<HttpListenerContext, Task> handler)
    {
        _routes[path] = handler;
        return this;
    }

    /// <summary>Serves fixed bytes with a content type and status, with a Content-Length.</summary>
    public LocalSite Static(string path, string contentType, byte[] body, int status = 200) =>
        Route(path, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

    public LocalSite Html(string path, string html, int status = 200) =>
        Static(path, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html), status);

    public LocalSite Redirect(string path, int status, string location) =>
        Route(path, context =>
        {
            context.Response.StatusCode = status;
            context.Response.RedirectLocation = location;
            context.Response.ContentLength64 = 0;
            context.Response.Close();
            return Task.CompletedTask;
        });

    public void Dispose()
    {
        _stopping.Cancel();
        // Close alone: after Stop, Close removes the prefixes a second time, and on Linux that binds the port again
        // to find its endpoint, failing with "address already in use" when another test has taken the port meanwhile.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener throws as it stops.
        }

        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        lock (Hits)
        {
            Hits[path] = Hits.GetValueOrDefault(path) + 1;
        }

        try
        {
            if (_routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
                context.Response.ContentLength64 = 0;
                context.Response.Close();
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client went away or the site is stopping.
        }
    }
}
