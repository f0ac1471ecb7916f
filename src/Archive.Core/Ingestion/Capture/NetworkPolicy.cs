using System.Net;
using System.Net.Sockets;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Which URLs and addresses a capture may reach: only <c>http</c> and <c>https</c>, and, unless private networks are
/// allowed, only public addresses. Names are checked after DNS resolution and the connection goes to the checked
/// address, so a name cannot resolve to a public address for the check and a private one for the fetch.
/// </summary>
internal static class NetworkPolicy
{
    /// <summary>Null when <paramref name="url"/> is an absolute http(s) URL; otherwise why it is refused.</summary>
    public static string? CheckUrl(string url, out Uri? uri)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out uri))
        {
            return "not an absolute URL";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"the {uri.Scheme}: scheme is refused; only http and https are captured";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // The URL goes into the source's record, the signed log and the WARC, none of which can forget it.
            return "the URL carries a user name or password (user:password@host), which would be kept for good in the signed log and the WARC; capture the page without it";
        }

        return string.IsNullOrEmpty(uri.Host) ? "the URL names no host" : null;
    }

    /// <summary>True for loopback, private (RFC 1918, unique local), link-local, unspecified, multicast, CGNAT and other non-public addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,        // 100.64.0.0/10 carrier-grade NAT
                169 => b[1] == 254,                      // link-local
                172 => b[1] >= 16 && b[1] <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && (b[2] == 0 || b[2] == 2)) || (b[1] == 88 && b[2] == 99),
                198 => b[1] == 18 || b[1] == 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true,                          // multicast and reserved
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC                 // fc00::/7 unique local
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && IsPrivate(new IPAddress(b[12..]))); // NAT64 of a private IPv4
        }

        return true;
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and returns the address to connect to, or why the host is refused. Every
    /// address the name resolves to must be public (unless allowed), so a mixed answer is refused as a whole.
    /// </summary>
    public static async Task<(IPAddress? Address, string? Refusal)> ResolveAsync(string host, bool allowPrivate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                return (null, $"the name {host} could not be resolved ({ex.SocketErrorCode})");
            }
        }

        if (addresses.Length == 0)
        {
            return (null, $"the name {host} has no address");
        }

        if (!allowPrivate && addresses.FirstOrDefault(IsPrivate) is { } blocked)
        {
            return (null, $"{host} resolves to the private or loopback address {blocked}; refused unless --allow-private-network is given");
        }

        return (addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0], null);
    }
}
