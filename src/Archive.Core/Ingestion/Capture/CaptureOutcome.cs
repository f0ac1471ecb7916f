using Archive.Core.Storage;

namespace Archive.Core.Ingestion.Capture;

/// <summary>The result for one URL: one line in the CLI, one item in the API. <see cref="Reason"/> is set when refused.</summary>
/// <param name="Url">The URL as given.</param>
/// <param name="CaptureId">The WARC's <c>sha256:</c> id: the capture's original.</param>
/// <param name="HttpStatus">The status of the final response (after redirects).</param>
/// <param name="Redirects">Every response from the URL given to the final one, in order.</param>
/// <param name="Screenshot">The screenshot's <c>sha256:</c> id (a derived item, checked by verify).</param>
/// <param name="Size">The WARC's size in bytes.</param>
/// <param name="Warnings">What a reader of this capture must know: an error status, a limit reached, requests not recorded.</param>
/// <param name="Tls">For an https page: the TLS connection to the final page's host (protocol, cipher, certificate chain, validation).</param>
public sealed record CaptureOutcome(
    string Url,
    CaptureStatus Status,
    CaptureId? CaptureId = null,
    string? Slug = null,
    string? Title = null,
    int? SourceVersion = null,
    int? HttpStatus = null,
    string? FinalUrl = null,
    IReadOnlyList<RedirectHop>? Redirects = null,
    string? Screenshot = null,
    long? Size = null,
    IReadOnlyList<string>? Warnings = null,
    string? Reason = null,
    TlsSession? Tls = null);
