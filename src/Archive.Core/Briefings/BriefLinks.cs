namespace Archive.Core.Briefings;

/// <summary>
/// Which link targets a pack keeps live: absolute http, https and mailto URLs. Anything else (javascript:, file:,
/// data:, relative paths) would become a live annotation in a signed PDF, so it is shown as plain text and reported.
/// </summary>
internal static class BriefLinks
{
    private static readonly string[] Schemes = [Uri.UriSchemeHttp, Uri.UriSchemeHttps, Uri.UriSchemeMailto];

    public static bool IsAllowed(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase);

    public static string LinkWarning(string? url) =>
        $"link to {Shown(url)} is shown as plain text: only http, https and mailto links are kept in a pack";

    public static string ImageWarning(string? url) =>
        $"image {Shown(url)} is not rendered: a pack holds text only, so its alt text is shown instead";

    private static string Shown(string? url) => string.IsNullOrEmpty(url) ? "(empty)" : url.Length > 80 ? url[..80] + "…" : url;
}
