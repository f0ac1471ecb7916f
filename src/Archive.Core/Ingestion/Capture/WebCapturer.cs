using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Archive.Core.Catalog;
using Archive.Core.Metadata;
using Archive.Core.Provenance;
using Archive.Core.Search;
using Archive.Core.Storage;
using Archive.Core.Text;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Captures web pages as evidence. For each URL: Chromium loads it in a fresh profile through the
/// <see cref="RecordingProxy"/>, which writes every http exchange into a WARC 1.1 file as it came over the wire; the
/// rendered DOM gives the canonical text (through the same visible-text rules as HTML ingest) and the page's
/// metadata; a full-page PNG screenshot is taken. The WARC is the capture's original, content-addressed like every
/// blob; the screenshot and the text are derived blobs named in the <c>captured</c> and <c>text-extracted</c> events.
/// A URL already captured becomes a new version of the same source (matched on <c>source_url</c>).
/// </summary>
public sealed class WebCapturer
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _log;
    private readonly ICaptureIndex _index;
    private readonly TimeProvider _clock;

    internal WebCapturer(ArchiveDatabase database, ContentStore store, EventLog log, ICaptureIndex index, TimeProvider clock)
    {
        _database = database;
        _store = store;
        _log = log;
        _index = index;
        _clock = clock;
    }

    /// <summary>The extractor recorded for the canonical text of a capture.</summary>
    public const string ExtractorName = "chromium-rendered-dom";

    private const int MaxRedirects = 20;
    private static readonly int[] RedirectStatuses = [301, 302, 303, 307, 308];

    /// <summary>Captures each URL in turn; <paramref name="done"/> hears each outcome as soon as it is committed (or refused).</summary>
    public async Task<IReadOnlyList<CaptureOutcome>> CaptureAllAsync(
        CaptureRequest request, IProgress<IngestProgress>? progress, Action<CaptureOutcome>? done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcomes = new List<CaptureOutcome>(request.Urls.Count);
        _log.RequireSigner();
        foreach (var url in request.Urls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await CaptureAsync(url, request, cancellationToken);
            outcomes.Add(outcome);
            done?.Invoke(outcome);
            progress?.Report(new IngestProgress(outcomes.Count, request.Urls.Count, url));
        }

        return outcomes;
    }

    /// <summary>Captures one URL. Expected failures (a refused address, a time-out, an error page redirecting to file://) are a refused outcome.</summary>
    public async Task<CaptureOutcome> CaptureAsync(string url, CaptureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(request);
        _log.RequireSigner();
        var options = request.Options;
        if (NetworkPolicy.CheckUrl(url, out var uri) is { } badUrl)
        {
            return Refuse(url, badUrl);
        }

        using (var connection = _database.Open())
        {
            if (_index.Problem() is { } outdated)
            {
                throw new ArchiveException(ArchiveErrorKind.NeedsAction, outdated);
            }
        }

        var (_, refusal) = await NetworkPolicy.ResolveAsync(uri!.IdnHost, options.AllowPrivateNetwork, cancellationToken);
        if (refusal is not null)
        {
            return Refuse(url, refusal);
        }

        _store.RemoveStaleTemps();
        Directory.CreateDirectory(_store.TempRoot);
        var warcPath = Path.Combine(_store.TempRoot, $"capture-{Guid.NewGuid():N}.warc");
        var spoolPath = warcPath + ".spool";
        try
        {
            return await CaptureToWarcAsync(url, uri, warcPath, spoolPath, request, cancellationToken);
        }
        catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.Unreadable)
        {
            // The browser is missing or failed on this page: this URL is refused with the reason, the batch goes on.
            return Refuse(url, ex.Message);
        }
        finally
        {
            ContentStore.TryDelete(warcPath);
            ContentStore.TryDelete(spoolPath);
        }
    }

    /// <summary>
    /// Records into a spool while the browser works, then writes the WARC: warcinfo, the page's exchanges copied byte
    /// for byte from the spool, the rendered DOM and the metadata record. Exchanges the page did not ask for (the
    /// browser's own update and sign-in traffic) stay out of the WARC and are only listed in its metadata record.
    /// </summary>
    private async Task<CaptureOutcome> CaptureToWarcAsync(string url, Uri uri, string warcPath, string spoolPath, CaptureRequest request, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var started = _clock.GetUtcNow();
        BrowserSnapshot snapshot;
        RecordingProxy proxy;
        using var spool = new WarcWriter(spoolPath, _clock, WarcWriter.NewId());
        using (var authority = new CaptureAuthority(_clock))
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.Timeout);
            proxy = new RecordingProxy(options, spool, _clock, authority, deadline.Token);
            await using (proxy)
            {
                proxy.Start();
                snapshot = await ChromiumBrowser.CaptureAsync(uri, proxy.Port, authority.SpkiList, options, proxy.IsQuiet, deadline.Token, cancellationToken);
            }
        }

        var ended = _clock.GetUtcNow();
        var (hops, chainProblem) = FollowChain(uri, proxy.Exchanges, proxy.Refused, snapshot, options);
        if (chainProblem is not null)
        {
            return Refuse(url, chainProblem);
        }

        if (snapshot.NavigationError is not null || snapshot.Dom is null || snapshot.Screenshot is null)
        {
            return Refuse(url, snapshot.NavigationError == "net::ERR_ABORTED"
                ? "the server answered with no page to show (net::ERR_ABORTED: a download, such as a file sent as an attachment, or an empty answer such as 204); to archive a file, save it and run `archive ingest` on it"
                : $"the browser could not show the page ({snapshot.NavigationError ?? "no document"})");
        }

        var pageUrls = new HashSet<string>(snapshot.PageRequests.Concat(hops.Select(h => h.Url)), StringComparer.Ordinal);
        var exchanges = proxy.Exchanges.Where(e => pageUrls.Contains(e.TargetUri.AbsoluteUri)).ToList();
        var refused = proxy.Refused.Where(r => pageUrls.Contains(r.Url)).ToList();
        var browserOwn = proxy.Exchanges.Where(e => !pageUrls.Contains(e.TargetUri.AbsoluteUri)).Select(e => e.TargetUri.AbsoluteUri)
            .Concat(proxy.Refused.Where(r => !pageUrls.Contains(r.Url)).Select(r => r.Url))
            .ToList();

        var final = hops[^1];
        var pageAuthorities = exchanges.Select(e => e.TargetUri).Concat(refused.Select(r => Uri.TryCreate(r.Url, UriKind.Absolute, out var u) ? u : null).OfType<Uri>())
            .Where(u => u.Scheme == Uri.UriSchemeHttps).Select(u => $"{u.IdnHost}:{u.Port}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tls = proxy.TlsSessions.Where(t => pageAuthorities.Contains(t.Authority)).ToList();
        var finalUri = new Uri(final.Url);
        var pageTls = tls.FirstOrDefault(t => t.Authority.Equals($"{finalUri.IdnHost}:{finalUri.Port}", StringComparison.OrdinalIgnoreCase) && (t.Valid || t.AcceptedInsecurely));
        var warnings = Warnings(final, hops, snapshot, proxy, exchanges, refused, options);
        warnings.AddRange(tls.Where(t => t.AcceptedInsecurely).Select(t =>
            $"the TLS certificate of {t.Authority} did not validate ({string.Join("; ", t.Problems)}); its exchanges were recorded only because --insecure-tls was given"));
        var domBytes = Encoding.UTF8.GetBytes(snapshot.Dom);
        var screenshotDigest = Sha256Digest.FromBytes(SHA256.HashData(snapshot.Screenshot));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("requested-url", uri.AbsoluteUri),
            new("final-url", final.Url),
            new("final-status", final.Status.ToString(CultureInfo.InvariantCulture)),
        };
        fields.AddRange(hops.Where(h => h.Location is not null).Select(h => new KeyValuePair<string, string>("redirect", $"{h.Status} {h.Url} -> {h.Location}")));
        fields.AddRange(
        [
            new("browser", snapshot.Product),
            new("user-agent", snapshot.UserAgent),
            new("capture-start", WarcWriter.FormatDate(started)),
            new("capture-end", WarcWriter.FormatDate(ended)),
            new("exchanges", exchanges.Count.ToString(CultureInfo.InvariantCulture)),
            new("response-bytes", proxy.BytesRecorded.ToString(CultureInfo.InvariantCulture)),
            new("screenshot", FormattableString.Invariant($"{screenshotDigest.Id} image/png {snapshot.ScreenshotWidth}x{snapshot.ScreenshotHeight} of page height {snapshot.PageHeight}")),
            new("rendered-dom", Sha256Digest.FromBytes(SHA256.HashData(domBytes)).Id),
        ]);
        foreach (var session in tls)
        {
            fields.Add(new("tls", $"{session.Authority} {session.Protocol} {session.Cipher} validation={session.Validation}{(session.AcceptedInsecurely ? " accepted-by=--insecure-tls" : string.Empty)}"));
            fields.AddRange(session.Chain.Select((c, i) => new KeyValuePair<string, string>(
                "tls-certificate", FormattableString.Invariant($"{session.Authority} #{i} subject={c.Subject}; issuer={c.Issuer}; not-before={c.NotBefore}; not-after={c.NotAfter}; {c.Sha256}"))));
        }

        fields.AddRange(warnings.Select(w => new KeyValuePair<string, string>("warning", w)));
        fields.AddRange(refused.Select(r => new KeyValuePair<string, string>("not-recorded", $"{r.Url} {r.Reason}")));
        fields.AddRange(browserOwn.Select(u => new KeyValuePair<string, string>("browser-request-left-out", u)));

        int records;
        using (var warc = new WarcWriter(warcPath, _clock, spool.WarcinfoId))
        {
            warc.WriteInfo(
            [
                new("software", EventLog.CurrentToolVersion),
                new("format", "WARC File Format 1.1"),
                new("conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"),
                new("description", "web capture of " + uri.AbsoluteUri),
                new("recording", "Archive's recording proxy; for http the request and response bytes as sent and received on the TCP connection, for https the decrypted HTTP bytes as sent and received inside the proxy's own TLS connection to the server (not the TLS records)"),
                new("limits", options.Describe()),
            ]);
            foreach (var exchange in exchanges.OrderBy(e => e.Spooled.Offset))
            {
                warc.CopyRecords(spool, exchange.Spooled.Offset, exchange.Spooled.Length);
            }

            foreach (var session in tls)
            {
                warc.WriteResource($"urn:archive:tls-certificates:{session.Authority}", "application/x-pem-file", Encoding.ASCII.GetBytes(string.Concat(session.Chain.Select(c => c.Pem + "\n"))));
            }

            warc.WriteResource("urn:archive:rendered-dom:" + final.Url, "text/html; charset=utf-8", domBytes);
            warc.WriteMetadata(uri.AbsoluteUri, fields);
            warc.Complete();
            records = warc.Records;
        }

        spool.Dispose();
        var page = Extract(snapshot.Dom, cancellationToken);
        var metadata = Metadata(page, uri, started, request.Metadata);
        var extractor = new ExtractorRecord(
            ExtractorName,
            $"{snapshot.Product}; anglesharp {HtmlExtractor.ParserVersion}",
            $"rendered-dom;{HtmlVisibleText.Rules};{options.Describe()}");
        var captured = new JsonObject
        {
            ["url"] = uri.AbsoluteUri,
            ["final_url"] = final.Url,
            ["status"] = final.Status,
            ["redirects"] = new JsonArray(hops.Select(h => (JsonNode?)new JsonObject { ["url"] = h.Url, ["status"] = h.Status, ["location"] = h.Location }).ToArray()),
            ["warc"] = new JsonObject { ["records"] = records, ["exchanges"] = exchanges.Count, ["response_bytes"] = proxy.BytesRecorded },
            ["screenshot"] = new JsonObject
            {
                ["sha256"] = screenshotDigest.Id,
                ["media_type"] = "image/png",
                ["size"] = snapshot.Screenshot.Length,
                ["width"] = snapshot.ScreenshotWidth,
                ["height"] = snapshot.ScreenshotHeight,
                ["page_height"] = snapshot.PageHeight,
            },
            ["browser"] = new JsonObject { ["product"] = snapshot.Product, ["user_agent"] = snapshot.UserAgent },
            ["started_at"] = EventLog.FormatTime(started),
            ["ended_at"] = EventLog.FormatTime(ended),
            ["limits"] = options.Describe(),
            ["recording"] = "recording-proxy",
            ["tls"] = new JsonArray(tls.Select(t => (JsonNode?)TlsJson(t)).ToArray()),
            ["canonical_url"] = page.Metadata.TryGetValue("source_url", out var canonical) ? canonical : null,
            ["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)w).ToArray()),
            ["not_recorded"] = new JsonArray(refused.Select(r => (JsonNode?)new JsonObject { ["url"] = r.Url, ["reason"] = r.Reason }).ToArray()),
            ["browser_requests_left_out"] = browserOwn.Count,
        };

        var original = _store.Stage(warcPath, cancellationToken);
        var screenshot = _store.Stage(snapshot.Screenshot);
        var text = _store.Stage(Encoding.UTF8.GetBytes(page.Text));
        var capture = new NewCapture(
            original.Digest, original.Size, "application/warc", uri.IdnHost + ".warc", uri.AbsoluteUri,
            text.Digest, text.Size, CodePoints.Count(page.Text), [], extractor, metadata);
        var entry = Commit(capture, [original, screenshot, text], captured, request.Agent);
        return new CaptureOutcome(
            url, CaptureStatus.Captured, CaptureId.Parse(entry.CaptureId), entry.Slug, entry.Title, entry.Version, final.Status, final.Url, hops,
            screenshotDigest.Id, original.Size, warnings, Tls: pageTls);
    }

    private static JsonObject TlsJson(TlsSession session) => new()
    {
        ["host"] = session.Host,
        ["port"] = session.Port,
        ["protocol"] = session.Protocol,
        ["cipher"] = session.Cipher,
        ["validation"] = session.Valid ? "valid" : "failed",
        ["problems"] = new JsonArray(session.Problems.Select(p => (JsonNode?)p).ToArray()),
        ["accepted_insecurely"] = session.AcceptedInsecurely,
        ["chain"] = new JsonArray(session.Chain.Select(c => (JsonNode?)new JsonObject
        {
            ["subject"] = c.Subject,
            ["issuer"] = c.Issuer,
            ["not_before"] = c.NotBefore,
            ["not_after"] = c.NotAfter,
            ["sha256"] = c.Sha256,
            ["pem"] = c.Pem,
        }).ToArray()),
    };

    /// <summary>
    /// A URL as the browser asks for it, to match the URL given with what the proxy recorded: no user name or password
    /// (the browser sends them in a header) and an apostrophe escaped (.NET keeps <c>'</c> in a query, Chromium sends
    /// <c>%27</c>, so <c>?name=O'Brien</c> was refused as never answered).
    /// </summary>
    private static string RequestKey(Uri uri) =>
        uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped).Replace("'", "%27", StringComparison.Ordinal);

    /// <summary>Walks the redirects from the URL given, through the recorded exchanges; returns the hops or why the page cannot be captured.</summary>
    private static (List<RedirectHop> Hops, string? Problem) FollowChain(
        Uri start, IReadOnlyList<RecordedExchange> exchanges, IReadOnlyList<RefusedRequest> refused, BrowserSnapshot snapshot, CaptureOptions options)
    {
        var hops = new List<RedirectHop>();
        var current = start;
        for (var i = 0; i <= MaxRedirects; i++)
        {
            var key = RequestKey(current);
            var exchange = exchanges.FirstOrDefault(e => RequestKey(e.TargetUri) == key);
            if (exchange is null)
            {
                var why = refused.FirstOrDefault(r => Uri.TryCreate(r.Url, UriKind.Absolute, out var u) && RequestKey(u) == key)?.Reason
                    ?? refused.FirstOrDefault(r => r.Url == current.GetLeftPart(UriPartial.Authority) + "/")?.Reason
                    ?? (snapshot.NavigationError == "time limit" ? FormattableString.Invariant($"no response within the time limit of {options.Timeout.TotalSeconds:0.###} s") : null)
                    ?? snapshot.NavigationError
                    ?? "no response was recorded";
                return (hops, $"{current.AbsoluteUri}: {why}");
            }

            hops.Add(new RedirectHop(exchange.TargetUri.AbsoluteUri, exchange.Status, RedirectStatuses.Contains(exchange.Status) ? exchange.Location : null));
            if (!RedirectStatuses.Contains(exchange.Status) || exchange.Location is null)
            {
                return (hops, null);
            }

            if (!Uri.TryCreate(current, exchange.Location, out var next))
            {
                return (hops, $"{current.AbsoluteUri} redirects to an invalid location '{exchange.Location}'");
            }

            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            {
                return (hops, $"{current.AbsoluteUri} redirects to {next.OriginalString}: refused, only http and https are captured");
            }

            current = next;
        }

        return (hops, $"{start.AbsoluteUri}: more than {MaxRedirects} redirects");
    }

    private static List<string> Warnings(
        RedirectHop final, List<RedirectHop> hops, BrowserSnapshot snapshot, RecordingProxy proxy, List<RecordedExchange> exchanges, List<RefusedRequest> refused, CaptureOptions options)
    {
        var warnings = new List<string>();
        if (final.Status >= 400)
        {
            warnings.Add(FormattableString.Invariant($"HTTP {final.Status}: the server answered {final.Url} with an error status; the error page is what was captured"));
        }

        if (exchanges.FirstOrDefault(e => e.TargetUri.AbsoluteUri == final.Url) is { Truncated: { } cut })
        {
            warnings.Add($"the page's document was cut ({cut}); the capture holds it only up to there");
        }

        if (exchanges.FirstOrDefault(e => e.TargetUri.AbsoluteUri == final.Url)?.ContentType is { } type
            && MediaTypeOf(type) is { } media && media is not ("text/html" or "application/xhtml+xml" or "text/plain"))
        {
            // The text comes from the rendered DOM: for a PDF or an image that is the browser's viewer, not the document.
            warnings.Add($"the URL answered {media}, not a web page: the WARC holds its bytes, but its text is what the browser's viewer showed, not the document's; to search its text, save the file and run `archive ingest` on it");
        }

        if (!snapshot.Loaded)
        {
            warnings.Add(FormattableString.Invariant($"the page never finished loading (no load event); captured as far as it had loaded when its network went quiet or the time limit of {options.Timeout.TotalSeconds:0.###} s came"));
        }

        if (proxy.ByteLimitReached)
        {
            warnings.Add(FormattableString.Invariant($"the byte limit of {options.MaxBytes} bytes was reached; the response that crossed it is cut (WARC-Truncated: length) and later ones are missing"));
        }

        if (proxy.ResourceLimitReached)
        {
            warnings.Add(FormattableString.Invariant($"the limit of {options.MaxResources} resources was reached; further requests were refused and not recorded"));
        }

        var cutByTime = exchanges.Count(e => e.Truncated == "time");
        if (cutByTime > 0)
        {
            warnings.Add(FormattableString.Invariant($"{cutByTime} responses were still arriving at the time limit and are cut (WARC-Truncated: time)"));
        }

        if (snapshot.PageHeight > snapshot.ScreenshotHeight)
        {
            warnings.Add(FormattableString.Invariant($"the page is {snapshot.PageHeight} px tall; the screenshot covers the first {snapshot.ScreenshotHeight} px"));
        }

        if (refused.Count > 0)
        {
            warnings.Add(FormattableString.Invariant($"{refused.Count} requests were not recorded (listed in the capture's metadata record and event), e.g. {refused[0].Url}: {refused[0].Reason}"));
        }

        if (hops.Count > 1 && final.Url != snapshot.FinalUrl && snapshot.FinalUrl is not null)
        {
            warnings.Add($"the browser ended at {snapshot.FinalUrl}, not at the last recorded redirect target {final.Url}");
        }

        return warnings;
    }

    private static string? MediaTypeOf(string contentType) =>
        contentType.Split(';')[0].Trim().ToLowerInvariant() is { Length: > 0 } media ? media : null;

    private static ExtractedDocument Extract(string dom, CancellationToken cancellationToken)
    {
        var guarded = HtmlEndOfFile.Guard(dom);
        using var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(guarded.Html);
        var text = guarded.Restore(HtmlVisibleText.Extract(document, cancellationToken));
        return new ExtractedDocument(text, [], guarded.Restore(HtmlMetadata.Harvest(document)), new ExtractorInfo(ExtractorName, HtmlExtractor.ParserVersion, HtmlVisibleText.Rules));
    }

    /// <summary>The page's own metadata, then what the capture itself knows (the URL asked for, when), then the caller's: later wins.</summary>
    private static Dictionary<string, FieldValue> Metadata(ExtractedDocument page, Uri uri, DateTimeOffset started, IReadOnlyDictionary<string, FieldValue> given)
    {
        var metadata = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (name, raw) in page.Metadata)
        {
            // The page's canonical link is kept in the captured event; the source is the URL that was asked for.
            if (name != "source_url" && MetadataField.Find(name) is { } field && !string.IsNullOrWhiteSpace(raw))
            {
                try
                {
                    metadata[name] = new FieldValue(FieldParser.ParseText(field, raw), FieldOrigin.Document(ExtractorName));
                }
                catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
                {
                    // A malformed value in the page is not worth refusing the capture for.
                }
            }
        }

        metadata["source_url"] = new FieldValue(JsonValue.Create(uri.AbsoluteUri), FieldOrigin.Capture);
        metadata["captured_at"] = new FieldValue(JsonValue.Create(EventLog.FormatTime(started)), FieldOrigin.Capture);
        foreach (var (name, value) in given)
        {
            metadata[name] = value;
        }

        if (!metadata.ContainsKey("language") && LanguageDetector.Detect(page.Text) is { } language)
        {
            metadata["language"] = new FieldValue(JsonValue.Create(language), FieldOrigin.Detected);
        }

        if (!metadata.ContainsKey("title") && FirstLine(page.Text) is { } firstLine)
        {
            metadata["title"] = new FieldValue(JsonValue.Create(firstLine), FieldOrigin.Derived);
        }

        return metadata;
    }

    private CatalogEntry Commit(NewCapture capture, IReadOnlyList<StagedBlob> blobs, JsonObject captured, string agent)
    {
        try
        {
            _store.MakeDurable(blobs.ToList());
            var dirty = new HashSet<string>(StringComparer.Ordinal);
            foreach (var blob in blobs)
            {
                _store.Commit(blob, dirty);
            }

            _store.SyncDirectories(dirty);
        }
        catch
        {
            foreach (var blob in blobs)
            {
                ContentStore.TryDelete(blob.TempPath);
            }

            throw;
        }

        using var connection = _database.Open();
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        _store.RequireStored(blobs.Select(b => b.Digest));
        if (CatalogQueries.CaptureExists(connection, capture.Original.Id, transaction))
        {
            // A WARC carries random record ids and times, so identical bytes mean the same capture supplied twice.
            throw new ArchiveException(ArchiveErrorKind.Conflict, $"capture {capture.Original.Short} of {capture.RecordedPath} is already archived");
        }

        var appender = _log.BeginAppend(connection, transaction);
        CatalogEntry entry;
        using (var writer = new CatalogWriter(connection, transaction))
        {
            entry = writer.Insert(appender, capture, agent);
        }

        appender.Append(new NewEvent(EventType.Captured, entry.CaptureId, agent, "ok", captured));
        appender.Seal();
        transaction.Commit();
        _index.CatalogChanged();
        return entry;
    }

    private static string? FirstLine(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed.Length > 200 ? trimmed[..200].ToString() + "…" : trimmed.ToString();
            }
        }

        return null;
    }

    private static CaptureOutcome Refuse(string url, string reason) => new(url, CaptureStatus.Refused, Reason: reason);
}
