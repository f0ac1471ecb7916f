using System.Globalization;
using System.Net;

namespace Archive.Core.Export.Wacz;

/// <summary>
/// The sort key of a CDXJ line: the URL in SURT form as web archive indexes write it. The scheme and a leading
/// <c>www.</c> are dropped, host labels are reversed and joined by commas (an IP address stays as it is), a
/// non-default port follows the host after a colon, then <c>)</c> and the path and query, all lowercased, with the
/// query's parameters sorted. Example: <c>https://www.Example.org/A?b=2&amp;a=1</c> → <c>org,example)/a?a=1&amp;b=2</c>.
/// </summary>
internal static class SurtKey
{
    public static string For(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Not a web URL (an archive: resource record): the URL itself, lowercased, keeps such lines together.
            return url.ToLowerInvariant();
        }

        var host = uri.IdnHost.ToLowerInvariant().TrimEnd('.');
        string surtHost;
        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            surtHost = host;
        }
        else
        {
            var labels = host.Split('.').Reverse().ToList();
            if (labels.Count > 2 && labels[^1] == "www")
            {
                labels.RemoveAt(labels.Count - 1);
            }

            surtHost = string.Join(',', labels);
        }

        if (!uri.IsDefaultPort)
        {
            surtHost += ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        }

        var path = uri.AbsolutePath.ToLowerInvariant();
        var query = uri.Query.TrimStart('?');
        var sorted = query.Length == 0 ? string.Empty : "?" + string.Join('&', query.ToLowerInvariant().Split('&').Order(StringComparer.Ordinal));
        return surtHost + ")" + path + sorted;
    }
}
