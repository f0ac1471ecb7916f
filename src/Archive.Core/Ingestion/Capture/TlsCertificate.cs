using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Core.Ingestion.Capture;

/// <summary>One certificate of a server's chain as recorded: names, validity (UTC), SHA-256 of its DER bytes, and the PEM.</summary>
public sealed record TlsCertificate(string Subject, string Issuer, string NotBefore, string NotAfter, string Sha256, string Pem)
{
    public static TlsCertificate From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new TlsCertificate(
            certificate.Subject,
            certificate.Issuer,
            Time(certificate.NotBefore),
            Time(certificate.NotAfter),
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)),
            certificate.ExportCertificatePem());
    }

    private static string Time(DateTime local) =>
        local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
