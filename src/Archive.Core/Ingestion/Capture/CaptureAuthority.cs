using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Core.Ingestion.Capture;

/// <summary>
/// The certificate authority of one capture, made in memory and never written anywhere: an ECDSA P-256 root and one
/// leaf key, from which the recording proxy mints a certificate for each https host the browser tunnels to. Only the
/// capturing browser, in its fresh profile, is told to accept it (by the SHA-256 of the leaf key's and the root's
/// SubjectPublicKeyInfo); it dies with the capture, so nothing else can ever be made to trust it.
/// </summary>
internal sealed class CaptureAuthority : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly DateTimeOffset _now;
    private readonly ConcurrentDictionary<string, Lazy<X509Certificate2>> _leaves = new(StringComparer.OrdinalIgnoreCase);

    public CaptureAuthority(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _now = clock.GetUtcNow();
        var request = new CertificateRequest("CN=Archive capture authority (this capture only), O=Archive", _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(_now.AddHours(-1), _now.AddDays(2));
    }

    /// <summary>
    /// The value of Chromium's <c>--ignore-certificate-errors-spki-list</c>: base64 SHA-256 of the leaf key's and the
    /// root's SubjectPublicKeyInfo, comma-separated.
    /// </summary>
    public string SpkiList =>
        string.Join(',', new[] { _leafKey, _rootKey }.Select(k => Convert.ToBase64String(SHA256.HashData(k.ExportSubjectPublicKeyInfo()))));

    /// <summary>The root certificate (public part only), sent after the leaf so the browser sees a whole chain.</summary>
    public X509Certificate2 Root => _root;

    /// <summary>A certificate for <paramref name="host"/> (a name or an IP literal), with its private key, made once per host.</summary>
    public X509Certificate2 ServerCertificate(string host)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        return _leaves.GetOrAdd(host, h => new Lazy<X509Certificate2>(() => Mint(h))).Value;
    }

    public void Dispose()
    {
        foreach (var leaf in _leaves.Values.Where(l => l.IsValueCreated))
        {
            leaf.Value.Dispose();
        }

        _root.Dispose();
        _rootKey.Dispose();
        _leafKey.Dispose();
    }

    private X509Certificate2 Mint(string host)
    {
        var name = host.Trim('[', ']');
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + (name.Length > 64 ? name[..64] : name).Replace(",", "\\,", StringComparison.Ordinal)), _leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(name, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_root, _now.AddHours(-1), _now.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(_leafKey);
        // Through PKCS#12 so the key is one SslStream can always use as a server key.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
