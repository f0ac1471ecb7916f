namespace Archive.Core.Ingestion.Capture;

/// <summary>What the capturing browser gave back for one page.</summary>
/// <param name="Product">The browser's product and version, e.g. <c>HeadlessChrome/156.0.7608.0</c>.</param>
/// <param name="UserAgent">The User-Agent it sent.</param>
/// <param name="NavigationError">Why the navigation failed (a network error name or "time limit"); null when it committed.</param>
/// <param name="Loaded">True when the load event fired within the time limit.</param>
/// <param name="FinalUrl">The document's URL after redirects, as the browser reports it.</param>
/// <param name="Dom">The rendered DOM, serialised after scripts ran.</param>
/// <param name="Screenshot">A PNG of the page from the top, <see cref="ScreenshotHeight"/> CSS pixels tall.</param>
/// <param name="PageHeight">The full height of the rendered page in CSS pixels.</param>
/// <param name="PageRequests">Every URL the page itself requested (DevTools Network events), redirects included; the
/// browser's own traffic (updates, sign-in, clock) is not among them.</param>
internal sealed record BrowserSnapshot(
    string Product,
    string UserAgent,
    string? NavigationError,
    bool Loaded,
    string? FinalUrl,
    string? Dom,
    byte[]? Screenshot,
    int ScreenshotWidth,
    int ScreenshotHeight,
    int PageHeight,
    IReadOnlySet<string> PageRequests);
