using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Core.Provenance;

/// <summary>
/// Checks an RFC 3161 time-stamp token over some bytes: it decodes, its message imprint is SHA-256 of the bytes,
/// its CMS signature verifies, and the TSA's certificate chains, at the stamped time and for time stamping, to one
/// of the trusted certificates. The same checks as <c>openssl ts -verify -data FILE -in TOKEN -token_in -CAfile CA</c>.
/// </summary>
internal static class TimestampCheck
{
    /// <summary>The outcome: <see cref="Problem"/> is null when the token holds.</summary>
    internal sealed record Result(string? Problem, DateTimeOffset? GenTime, string? Tsa, string? Serial);

    private const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";

    public static Result Check(byte[] token, byte[] data, X509Certificate2Collection trusted)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(trusted);
        // Read as plain CMS first, so a token .NET would refuse whole (an expired TSA certificate) still gets a reason.
        var cms = new SignedCms();
        try
        {
            cms.Decode(token);
        }
        catch (CryptographicException)
        {
            return new Result("the token is not a well-formed RFC 3161 time-stamp token (changed?)", null, null, null);
        }

        if (cms.ContentInfo.ContentType.Value != TstInfoOid || cms.SignerInfos.Count != 1 ||
            !Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out var info, out _))
        {
            return new Result("the token is not a well-formed RFC 3161 time-stamp token (changed?)", null, null, null);
        }

        var genTime = info.Timestamp;
        var serial = Convert.ToHexStringLower(info.GetSerialNumber().ToArray());
        var expected = SHA256.HashData(data);
        if (info.HashAlgorithmId.Value != "2.16.840.1.101.3.4.2.1" || !info.GetMessageHash().Span.SequenceEqual(expected))
        {
            return new Result($"the token is for another hash: it stamps {Convert.ToHexStringLower(info.GetMessageHash().Span)}, the checkpoint hashes to {Convert.ToHexStringLower(expected)}", genTime, null, serial);
        }

        var signerInfo = cms.SignerInfos[0];
        try
        {
            signerInfo.CheckSignature(trusted, verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new Result("the token's signature does not verify (the token was changed)", genTime, null, serial);
        }

        var signer = signerInfo.Certificate ?? trusted.FirstOrDefault(c => signerInfo.SignerIdentifier.MatchesCertificate(c));
        if (signer is null)
        {
            return new Result("the token names no TSA certificate to check it with", genTime, null, serial);
        }

        var at = genTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (genTime < signer.NotBefore.ToUniversalTime() || genTime > signer.NotAfter.ToUniversalTime())
        {
            return new Result($"the TSA certificate ({signer.Subject}, valid {signer.NotBefore.ToUniversalTime():yyyy-MM-dd} to {signer.NotAfter.ToUniversalTime():yyyy-MM-dd}) was not valid at the stamped time {at} (expired)", genTime, signer.Subject, serial);
        }

        // The RFC 3161 rules proper: the signing-certificate attribute names this certificate, which is for time stamping only.
        if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out var read) || read != token.Length ||
            !decoded.VerifySignatureForData(data, out var checkedSigner, trusted) || checkedSigner is null)
        {
            return new Result($"the token does not meet RFC 3161 (its signing-certificate attribute or the TSA certificate {signer.Subject} is not as required)", genTime, signer.Subject, serial);
        }

        var tsa = signer.Subject;
        // The TSA's own certificate pinned (not only its CA): that exact certificate, for time stamping, is trusted as is.
        if (trusted.Any(c => c.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span)) && IsForTimeStamping(signer))
        {
            return new Result(null, genTime, tsa, serial);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.ExtraStore.AddRange(decoded.AsSignedCms().Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = genTime.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(TimeStampingOid));
        if (chain.Build(signer))
        {
            return new Result(null, genTime, tsa, serial);
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
        if (statuses.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            return new Result($"the TSA certificate ({tsa}, valid {signer.NotBefore.ToUniversalTime():yyyy-MM-dd} to {signer.NotAfter.ToUniversalTime():yyyy-MM-dd}) was not valid at the stamped time {at} (expired)", genTime, tsa, serial);
        }

        if (statuses.HasFlag(X509ChainStatusFlags.UntrustedRoot) || statuses.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            return new Result($"wrong TSA: the token is signed by {tsa}, which does not chain to a trusted TSA certificate ({string.Join("; ", trusted.Select(c => c.Subject))})", genTime, tsa, serial);
        }

        return new Result($"the TSA certificate ({tsa}) is not valid for time stamping: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}", genTime, tsa, serial);
    }

    /// <summary>Whether the certificate's extended key usage names time stamping (RFC 3161 requires it, as the only usage).</summary>
    private static bool IsForTimeStamping(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingOid));

    /// <summary>Reads every certificate in a PEM file; fails with a clear message when there is none.</summary>
    public static X509Certificate2Collection LoadCertificates(string pemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pemPath);
        if (!File.Exists(pemPath))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"TSA certificate not found: {pemPath}");
        }

        return FromPem(File.ReadAllText(pemPath), pemPath);
    }

    public static X509Certificate2Collection FromPem(string pem, string source)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{source}: not PEM certificates ({ex.Message.TrimEnd('.')})", ex);
        }

        return certificates.Count > 0 ? certificates : throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{source}: no PEM certificate in it");
    }
}
