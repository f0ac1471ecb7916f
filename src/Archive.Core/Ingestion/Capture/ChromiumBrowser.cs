using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Archive.Core.Tools;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Drives headless Chromium (the Debian package Archive already prints with) for one capture: a fresh profile, every
/// http(s) request through the recording proxy (loopback included), the DevTools protocol on a loopback port to
/// navigate, wait, read the rendered DOM and take the screenshot. The process tree is killed and the profile removed
/// afterwards.
/// </summary>
internal static class ChromiumBrowser
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SnapshotLimit = TimeSpan.FromSeconds(60);

    /// <summary>The snapshot's limit when the page's own document failed to load: a page that can still be read is taken within it.</summary>
    private static readonly TimeSpan FailedDocumentSnapshotLimit = TimeSpan.FromSeconds(15);

    /// <summary>Loads <paramref name="url"/> through the proxy on <paramref name="proxyPort"/> and snapshots it.</summary>
    /// <param name="isQuiet">Tells whether no exchange has been in flight for the time given.</param>
    /// <param name="deadline">The capture's time limit: navigation and loading stop there; the snapshot then takes what rendered.</param>
    /// <param name="spkiList">Base64 SHA-256 hashes of the capture authority's keys: the only certificates whose errors this browser ignores.</param>
    public static async Task<BrowserSnapshot> CaptureAsync(Uri url, int proxyPort, string spkiList, CaptureOptions options, Func<TimeSpan, bool> isQuiet, CancellationToken deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isQuiet);
        var executable = ChromiumLocator.Locate() ?? throw new ArchiveException(ArchiveErrorKind.Unreadable, ChromiumLocator.NotFound);
        var profile = Path.Combine(Path.GetTempPath(), $"archive-capture-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        using var process = Start(executable, profile, proxyPort, spkiList, options);
        try
        {
            await using var devTools = new DevToolsClient();
            await devTools.ConnectAsync(await EndpointAsync(process, profile, cancellationToken), cancellationToken);
            return await DriveAsync(devTools, url, options, isQuiet, deadline, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"chromium failed while capturing {url}: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the user's Ctrl+C: the page's snapshot (its DOM or screenshot) outlasted its own limit, as a 50 MB page
            // did. This URL is refused; the rest of the batch goes on.
            throw new ArchiveException(ArchiveErrorKind.Unreadable, $"the browser could not take the page's snapshot within {SnapshotLimit.TotalSeconds:0} s (the page is too large or too busy)", ex);
        }
        finally
        {
            Stop(process);
            TryDeleteDirectory(profile);
        }
    }

    private static async Task<BrowserSnapshot> DriveAsync(DevToolsClient devTools, Uri url, CaptureOptions options, Func<TimeSpan, bool> isQuiet, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var version = await devTools.SendAsync("Browser.getVersion", null, null, cancellationToken);
        var product = version["product"]?.GetValue<string>() ?? "chromium";
        var userAgent = version["userAgent"]?.GetValue<string>() ?? string.Empty;
        var target = await devTools.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancellationToken);
        var attached = await devTools.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, cancellationToken);
        var session = attached["sessionId"]!.GetValue<string>();
        await devTools.SendAsync("Page.enable", null, session, cancellationToken);
        var requested = new HashSet<string>(StringComparer.Ordinal);
        devTools.On("Network.requestWillBeSent", session, e =>
        {
            if (e["request"]?["url"]?.GetValue<string>() is { } requestUrl && Uri.TryCreate(requestUrl, UriKind.Absolute, out var parsed))
            {
                lock (requested)
                {
                    requested.Add(parsed.AbsoluteUri);
                }
            }
        });
        // The page's own document failing before the time limit (a body that does not decode as its Content-Encoding
        // says, say) can leave a page whose DOM never answers: its snapshot then gets a short limit, and the reason.
        string? documentError = null;
        devTools.On("Network.loadingFailed", session, e =>
        {
            if (!deadline.IsCancellationRequested && e["type"]?.GetValue<string>() == "Document" && e["errorText"]?.GetValue<string>() is { Length: > 0 } error)
            {
                Interlocked.CompareExchange(ref documentError, error, null);
            }
        });
        await devTools.SendAsync("Network.enable", null, session, cancellationToken);
        await devTools.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = options.ViewportWidth, ["height"] = options.ViewportHeight, ["deviceScaleFactor"] = 1, ["mobile"] = false,
        }, session, cancellationToken);

        using var loading = CancellationTokenSource.CreateLinkedTokenSource(deadline, cancellationToken);
        var loadFired = devTools.ExpectEvent("Page.loadEventFired", session);
        string? navigationError;
        try
        {
            var navigation = await devTools.SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, session, loading.Token);
            navigationError = navigation["errorText"]?.GetValue<string>() is { Length: > 0 } error ? error : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            navigationError = "time limit";
        }

        if (navigationError is not null)
        {
            return new BrowserSnapshot(product, userAgent, navigationError, false, null, null, null, 0, 0, 0, Copy(requested));
        }

        // Settled: the load event fired and (unless --wait load) the network has been quiet a moment, or the network
        // has been quiet for longer without a load event (a document cut by a limit never fires one), or the time limit came first.
        var loaded = false;
        try
        {
            while (true)
            {
                loaded |= loadFired.IsCompletedSuccessfully;
                if ((loaded && (!options.WaitForNetworkIdle || isQuiet(options.QuietTime))) || isQuiet(options.StalledTime))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), loading.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time limit came first: the snapshot takes what has rendered, and the capture says so.
        }

        if (options.Delay > TimeSpan.Zero && !loading.IsCancellationRequested)
        {
            try
            {
                // Asked for: scripts that draw text on a timer, with no request to wait for.
                await Task.Delay(options.Delay, loading.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The time limit ends the delay too.
            }
        }

        using var snapshotTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failed = Volatile.Read(ref documentError);
        snapshotTime.CancelAfter(failed is null ? SnapshotLimit : FailedDocumentSnapshotLimit);
        var snapshot = snapshotTime.Token;
        try
        {
            return await SnapshotAsync(devTools, session, options, product, userAgent, loaded, requested, snapshot);
        }
        catch (OperationCanceledException) when (failed is not null && !cancellationToken.IsCancellationRequested)
        {
            // No snapshot of a document that did not load: refused with why, not after a minute with "too large".
            return new BrowserSnapshot(product, userAgent, $"its document failed to load: {failed}", false, null, null, null, 0, 0, 0, Copy(requested));
        }
    }

    private static async Task<BrowserSnapshot> SnapshotAsync(DevToolsClient devTools, string session, CaptureOptions options, string product, string userAgent, bool loaded, HashSet<string> requested, CancellationToken snapshot)
    {
        var finalUrl = await EvaluateAsync(devTools, "location.href", session, snapshot);
        var dom = await EvaluateAsync(devTools, "(document.doctype ? new XMLSerializer().serializeToString(document.doctype) + '\\n' : '') + document.documentElement.outerHTML", session, snapshot);
        var metrics = await devTools.SendAsync("Page.getLayoutMetrics", null, session, snapshot);
        var size = metrics["cssContentSize"] as JsonObject;
        var pageHeight = (int)Math.Ceiling(size?["height"]?.GetValue<double>() ?? options.ViewportHeight);
        var shotHeight = Math.Clamp(pageHeight, 1, options.MaxScreenshotHeight);
        var shot = await devTools.SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            // Only for a page taller than the viewport: a right-to-left page that fits was drawn about 100 px to the
            // right with it, the start of every line cut off.
            ["captureBeyondViewport"] = pageHeight > options.ViewportHeight,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = options.ViewportWidth, ["height"] = shotHeight, ["scale"] = 1 },
        }, session, snapshot);
        var png = Convert.FromBase64String(shot["data"]!.GetValue<string>());
        return new BrowserSnapshot(product, userAgent, null, loaded, finalUrl, dom, png, options.ViewportWidth, shotHeight, pageHeight, Copy(requested));
    }

    private static HashSet<string> Copy(HashSet<string> requested)
    {
        lock (requested)
        {
            return new HashSet<string>(requested, StringComparer.Ordinal);
        }
    }

    private static async Task<string?> EvaluateAsync(DevToolsClient devTools, string expression, string session, CancellationToken cancellationToken)
    {
        var result = await devTools.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session, cancellationToken);
        return result["result"]?["value"]?.GetValue<string>();
    }

    private static Process Start(string executable, string profile, int proxyPort, string spkiList, CaptureOptions options)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            .. ChromiumLocator.HeadlessArguments,
            "--hide-scrollbars",
            // The browser's own traffic (updates, time, sign-in, hints) is not the page's: keep it off the wire.
            "--disable-client-side-phishing-detection",
            "--disable-domain-reliability",
            "--disable-breakpad",
            "--no-pings",
            "--metrics-recording-only",
            "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,PrivacySandboxSettings4",
            "--password-store=basic",
            "--enable-automation",
            "--disable-field-trial-config",
            "--disable-quic",
            "--dns-prefetch-disable",
            $"--user-data-dir={profile}",
            $"--proxy-server=http://127.0.0.1:{proxyPort.ToString(CultureInfo.InvariantCulture)}",
            // Chromium sends loopback requests around any proxy unless told otherwise; none may escape the recording.
            "--proxy-bypass-list=<-loopback>",
            // https is tunnelled to the proxy, which answers with certificates of the capture's own authority: this
            // fresh profile, and nothing else, accepts exactly those keys. The server's real certificate is validated
            // by the proxy (UpstreamTls), not by the browser.
            "--ignore-certificate-errors-spki-list=" + spkiList,
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            FormattableString.Invariant($"--window-size={options.ViewportWidth},{options.ViewportHeight}"),
            "about:blank",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new ArchiveException(ArchiveErrorKind.Unreadable, "chromium could not be started");
        // Its output is not needed, but undrained pipes would block it.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for Chromium to write DevToolsActivePort (its port and browser path) into the profile.</summary>
    private static async Task<Uri> EndpointAsync(Process process, string profile, CancellationToken cancellationToken)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(StartupLimit);
        while (true)
        {
            if (File.Exists(file))
            {
                var lines = (await File.ReadAllLinesAsync(file, startup.Token)).Where(l => l.Length > 0).ToArray();
                if (lines.Length >= 2)
                {
                    return new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}");
                }
            }

            if (process.HasExited)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, $"chromium exited at start (exit {process.ExitCode})");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), startup.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ArchiveException(ArchiveErrorKind.Unreadable, "chromium did not open its DevTools port within 30 s");
            }
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stale temp profile is harmless; the OS temp cleaner takes it.
        }
    }
}
