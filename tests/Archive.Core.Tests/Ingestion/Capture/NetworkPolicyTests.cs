using System.Net;
using Archive.Core.Ingestion.Capture;

namespace Archive.Core.Tests.Ingestion.Capture;

public sealed class NetworkPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    public void IsPrivate_NonPublicAddress_True(string address) =>
        Assert.True(NetworkPolicy.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    public void IsPrivate_PublicAddress_False(string address) =>
        Assert.False(NetworkPolicy.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task Resolve_LoopbackNameOrLiteral_RefusedUnlessAllowed(string host)
    {
        var (refusedAddress, refusal) = await NetworkPolicy.ResolveAsync(host, allowPrivate: false, CancellationToken.None);
        var (allowedAddress, none) = await NetworkPolicy.ResolveAsync(host, allowPrivate: true, CancellationToken.None);

        Assert.Null(refusedAddress);
        Assert.Contains("--allow-private-network", refusal, StringComparison.Ordinal);
        Assert.NotNull(allowedAddress);
        Assert.True(IPAddress.IsLoopback(allowedAddress));
        Assert.Null(none);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "javascript: scheme")]
    [InlineData("data:text/html,x", "data: scheme")]
    [InlineData("example.org/page", "not an absolute URL")]
    public void CheckUrl_NotHttp_Refused(string url, string reason) =>
        Assert.Contains(reason, NetworkPolicy.CheckUrl(url, out _), StringComparison.Ordinal);

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1500ms", 1.5)]
    [InlineData("45", 45)]
    public void ParseTimeout_Valid_Parsed(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CaptureOptions.ParseTimeout(text));

    [Theory]
    [InlineData("0s")]
    [InlineData("11m")]
    [InlineData("-5s")]
    [InlineData("-Infinity")]
    [InlineData("soon")]
    public void ParseTimeout_OutOfRangeOrMalformed_InvalidInput(string text) =>
        Assert.Equal(ArchiveErrorKind.InvalidInput, Assert.Throws<ArchiveException>(() => CaptureOptions.ParseTimeout(text)).Kind);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("3s", 3)]
    [InlineData("1500ms", 1.5)]
    [InlineData("2m", 120)]
    public void ParseDelay_Valid_Parsed(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CaptureOptions.ParseDelay(text));

    [Theory]
    [InlineData("3m")]
    [InlineData("-1s")]
    [InlineData("NaN")]
    [InlineData("1e9")]
    [InlineData("-infinity")]
    [InlineData("Infinity")]
    [InlineData("later")]
    public void ParseDelay_OutOfRangeOrMalformed_InvalidInputNamingTheOption(string text) =>
        Assert.StartsWith($"--delay '{text}'", Assert.Throws<ArchiveException>(() => CaptureOptions.ParseDelay(text)).Message, StringComparison.Ordinal);
}
