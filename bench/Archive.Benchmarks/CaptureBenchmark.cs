using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Archive.Core;
using Archive.Core.Ingestion.Capture;
using Archive.Core.Metadata;
using Archive.Core.Storage;

namespace Archive.Benchmarks;

/// <summary>
/// Web capture throughput: N article pages (HTML, a stylesheet and an image each) served on 127.0.0.1, captured one
/// after another into a fresh archive; reports captures per minute, Archive's peak RSS, and the largest RSS the
/// capturing Chromium processes reached together (sampled every 100 ms from /proc).
/// </summary>
internal static class CaptureBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var pages = args.SkipWhile(a => a != "--pages").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(100);
        var work = WorkDirectory.Create("archive-bench-capture-");
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(() => Serve(listener));
        using var sampling = new CancellationTokenSource();
        long chromiumPeak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                chromiumPeak = Math.Max(chromiumPeak, CapturingChromiumRss());
                await Task.Delay(100, CancellationToken.None);
            }
        });
        try
        {
            var layout = new ArchiveLayout(Path.Combine(work, "archive"));
            ArchiveCore.Initialize(layout, TimeProvider.System);
            using var archive = ArchiveCore.Open(layout, TimeProvider.System);
            var urls = Enumerable.Range(0, pages).Select(i => $"http://127.0.0.1:{port}/article/{i}.html").ToList();
            var request = new CaptureRequest(urls, new Dictionary<string, FieldValue>(), "bench", new CaptureOptions(TimeSpan.FromSeconds(60), AllowPrivateNetwork: true));
            var clock = Stopwatch.StartNew();
            var outcomes = await archive.Capturer.CaptureAllAsync(request, null, o => Console.Error.Write(o.Status == CaptureStatus.Captured ? "." : "x"), CancellationToken.None);
            clock.Stop();
            Console.Error.WriteLine();
            var captured = outcomes.Count(o => o.Status == CaptureStatus.Captured);
            var bytes = outcomes.Sum(o => o.Size ?? 0);
            Console.WriteLine(FormattableString.Invariant(
                $"capture: {captured}/{pages} pages in {clock.Elapsed.TotalSeconds:0.0} s = {captured / clock.Elapsed.TotalMinutes:0.0} captures/min, {clock.Elapsed.TotalSeconds / Math.Max(1, captured):0.00} s each; WARCs {bytes / 1e6:0.00} MB"));
            Console.WriteLine(FormattableString.Invariant(
                $"peak RSS: Archive {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB; capturing Chromium processes together {chromiumPeak / 1e6:0} MB"));
            foreach (var refused in outcomes.Where(o => o.Status == CaptureStatus.Refused).Take(5))
            {
                Console.WriteLine($"refused {refused.Url}: {refused.Reason}");
            }

            return captured == pages ? 0 : 1;
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
            listener.Stop();
            await serving;
            WorkDirectory.Delete(work);
        }
    }

    private static async Task Serve(HttpListener listener)
    {
        var css = Encoding.UTF8.GetBytes("body { font: 16px serif; } h1 { color: #223; }");
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            var (type, body) = path switch
            {
                "/style.css" => ("text/css", css),
                "/photo.png" => ("image/png", png),
                _ when path.StartsWith("/article/", StringComparison.Ordinal) => ("text/html; charset=utf-8", Article(path)),
                _ => ("text/plain", Array.Empty<byte>()),
            };
            context.Response.StatusCode = body.Length == 0 ? 404 : 200;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static byte[] Article(string path)
    {
        var paragraphs = string.Concat(Enumerable.Range(1, 30).Select(i => $"<p>Paragraph {i} of {path}: detainees, statements and the week's events in the region.</p>"));
        return Encoding.UTF8.GetBytes($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article {path}</title>
            <meta name="author" content="Bench Writer"><link rel="stylesheet" href="/style.css"></head>
            <body><h1>Article {path}</h1><img src="/photo.png" alt="">{paragraphs}</body></html>
            """);
    }

    /// <summary>Total RSS of Chromium processes started for a capture (their profile folder is named archive-capture-…).</summary>
    private static long CapturingChromiumRss()
    {
        long total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!cmdline.Contains("archive-capture-", StringComparison.Ordinal))
                {
                    continue;
                }

                var rss = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (rss is not null)
                {
                    total += long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return total;
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
