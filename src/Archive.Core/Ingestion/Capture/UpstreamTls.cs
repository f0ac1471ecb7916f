using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// Opens the recording proxy's own TLS connection to a server and validates its certificate the normal way, at the
/// archive clock's time: a chain to a root the system trusts (or one given with <c>--tls-ca</c>), within its validity
/// dates, naming the host. Revocation is not checked (the capture must not depend on reaching OCSP or CRL servers).
/// A certificate that fails is refused unless <see cref="CaptureOptions.InsecureTls"/> is set; either way what was
/// seen is returned, so the refusal or the warning can name it.
/// </summary>
internal static class UpstreamTls
{
    /// <summary>Negotiates TLS over <paramref name="connection"/>; returns the stream (null when refused), the session seen (null when no certificate arrived) and why it failed.</summary>
    public static async Task<(SslStream? Stream, TlsSession? Session, string? Refusal)> ConnectAsync(
        Stream connection, string host, int port, CaptureOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        (bool Valid, List<string> Problems, List<TlsCertificate> Chain)? seen = null;
        var name = host.Trim('[', ']');
        var ssl = new SslStream(connection, leaveInnerStreamOpen: false, (_, certificate, chain, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var leaf = new X509Certificate2(certificate);
            var sent = chain?.ChainPolicy.ExtraStore ?? [];
            seen = Validate(leaf, sent, name, options.TrustedRoots, now);
            return seen.Value.Valid || options.InsecureTls;
        });
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = name,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            if (seen is { Valid: false } failed)
            {
                return (null, Session(host, port, "-", "-", failed, accepted: false), $"the TLS certificate of {host}:{port} did not validate ({string.Join("; ", failed.Problems)}); refused unless --insecure-tls is given");
            }

            return (null, null, $"the TLS handshake with {host}:{port} failed ({ex.Message.TrimEnd('.')})");
        }

        var result = seen!.Value;
        return (ssl, Session(host, port, Protocol(ssl.SslProtocol), ssl.NegotiatedCipherSuite.ToString(), result, accepted: !result.Valid), null);
    }

    /// <summary>Builds and checks the chain of <paramref name="leaf"/> at <paramref name="now"/>.</summary>
    internal static (bool Valid, List<string> Problems, List<TlsCertificate> Chain) Validate(
        X509Certificate2 leaf, X509Certificate2Collection sent, string host, IReadOnlyList<X509Certificate2> extraRoots, DateTimeOffset now)
    {
        var (built, problems, chain) = Build(leaf, sent, now, extraRoots: null);
        if (!built && extraRoots.Count > 0)
        {
            var (builtWithExtra, extraProblems, extraChain) = Build(leaf, sent, now, extraRoots);
            if (builtWithExtra || extraProblems.Count < problems.Count)
            {
                (built, problems, chain) = (builtWithExtra, extraProblems, extraChain);
            }
        }

        if (!leaf.MatchesHostname(host))
        {
            problems.Add($"the certificate does not name {host}");
        }

        return (built && problems.Count == 0, problems, chain);
    }

    private static (bool Built, List<string> Problems, List<TlsCertificate> Chain) Build(
        X509Certificate2 leaf, X509Certificate2Collection sent, DateTimeOffset now, IReadOnlyList<X509Certificate2>? extraRoots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        if (extraRoots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            foreach (var root in extraRoots)
            {
                chain.ChainPolicy.CustomTrustStore.Add(root);
            }
        }

        var built = chain.Build(leaf);
        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => Describe(s, leaf))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var certificates = chain.ChainElements.Count > 0
            ? chain.ChainElements.Select(e => TlsCertificate.From(e.Certificate)).ToList()
            : [TlsCertificate.From(leaf)];
        return (built, problems, certificates);
    }

    private static string Describe(X509ChainStatus status, X509Certificate2 leaf) => status.Status switch
    {
        X509ChainStatusFlags.NotTimeValid => $"a certificate of the chain is outside its validity period (the server's is valid from {TlsCertificate.From(leaf).NotBefore} to {TlsCertificate.From(leaf).NotAfter})",
        X509ChainStatusFlags.UntrustedRoot => "the chain ends at a root that is not trusted (a self-signed certificate, or a private CA)",
        X509ChainStatusFlags.PartialChain => "no chain to a trusted root could be built",
        _ => $"{status.Status}: {status.StatusInformation.Trim()}",
    };

    private static TlsSession Session(string host, int port, string protocol, string cipher, (bool Valid, List<string> Problems, List<TlsCertificate> Chain) seen, bool accepted) =>
        new(host, port, protocol, cipher, seen.Valid, seen.Problems, accepted, seen.Chain);

    private static string Protocol(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
