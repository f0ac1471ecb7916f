using System.Security.Cryptography;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>
/// The archive's ECDSA P-256 key. Signatures are DER (RFC 3279) over SHA-256 of the message, the form
/// <c>openssl dgst -sha256 -verify public.pem -signature sig message</c> checks.
/// </summary>
internal sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointSigner(ECDsa key, bool canSign)
    {
        _key = key;
        CanSign = canSign;
        var spki = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki));
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public bool CanSign { get; }

    /// <summary>
    /// Why the private key could not be used, when that is why this one cannot sign: a key named by <c>--key</c> or
    /// <c>ARCHIVE_KEY</c> that is missing or unreadable, or a key file that is not a P-256 private key.
    /// </summary>
    public string? Unusable { get; private init; }

    /// <summary>How a write refused for <see cref="Unusable"/> fails: bad input for a key file that is not a key.</summary>
    public ArchiveErrorKind UnusableKind { get; private init; } = ArchiveErrorKind.NeedsAction;

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, in hex: the key's fingerprint.</summary>
    public string KeyId { get; }

    public string PublicKeyPem { get; }

    /// <summary>Creates a new key pair, writing the private key with mode 0600. Refuses to overwrite.</summary>
    public static void Generate(string privateKeyPath, string publicKeyPath)
    {
        using var key = GeneratePrivateKey(privateKeyPath);
        File.WriteAllText(publicKeyPath, key.PublicKeyPem + "\n");
    }

    /// <summary>Creates a new private key at <paramref name="privateKeyPath"/> (mode 0600, fsynced). Refuses to overwrite.</summary>
    public static CheckpointSigner GeneratePrivateKey(string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        if (Path.GetDirectoryName(Path.GetFullPath(privateKeyPath)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(privateKeyPath, options);
            using var writer = new StreamWriter(stream);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(privateKeyPath))
        {
            key.Dispose();
            throw new ArchiveException(ArchiveErrorKind.Conflict, $"{privateKeyPath} already exists: a key is never overwritten");
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return new CheckpointSigner(key, canSign: true);
    }

    /// <summary>A signing key from a PEM private key file (PKCS#8 or SEC1).</summary>
    public static CheckpointSigner LoadPrivateKey(string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        if (!File.Exists(privateKeyPath))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"private key not found: {privateKeyPath}");
        }

        var key = ECDsa.Create();
        try
        {
            var pem = File.ReadAllText(privateKeyPath);
            if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                throw new ArgumentException("no private key in the file");
            }

            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new ArgumentException("not a P-256 key");
            }

            return new CheckpointSigner(key, canSign: true);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{privateKeyPath}: not a PEM ECDSA P-256 private key ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>A verify-only key from PEM SubjectPublicKeyInfo text; null when the text is not one.</summary>
    public static CheckpointSigner? FromPublicPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return new CheckpointSigner(key, canSign: false);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Loads the private key if readable, else the public key only (verification still works; writes are refused). A
    /// key named by <c>--key</c> or <c>ARCHIVE_KEY</c> (<paramref name="named"/>) that is missing or unreadable, and a
    /// key file that is not a P-256 private key, are remembered as the reason writes are refused (the latter as bad
    /// input), so that an auditor can still verify; a private key that is not the archive's fails at once.
    /// </summary>
    public static CheckpointSigner Load(string privateKeyPath, string publicKeyPath, bool named = false)
    {
        // A named key that is missing or unreadable leaves reading and verifying working; every write is refused with
        // the reason (EventLog.RequireSigner). One that is there but is not a P-256 private key is refused at once.
        string? unusable = named && !File.Exists(privateKeyPath)
            ? $"the signing key named by --key or {ArchiveLayout.KeyVariable} is not there: {privateKeyPath}"
            : null;
        var unusableKind = ArchiveErrorKind.NeedsAction;
        if (File.Exists(privateKeyPath))
        {
            CheckpointSigner? signer = null;
            try
            {
                signer = LoadPrivateKey(privateKeyPath);
            }
            catch (UnauthorizedAccessException)
            {
                // An auditor may hold a read-only copy without the private key's permissions.
                unusable = named ? $"the signing key named by --key or {ArchiveLayout.KeyVariable} cannot be read here (permission denied): {privateKeyPath}" : null;
            }
            catch (ArchiveException ex) when (ex.Kind == ArchiveErrorKind.InvalidInput)
            {
                // Not a key: every write says so (as bad input), and reading and verifying go on with the public key.
                (unusable, unusableKind) = (ex.Message, ArchiveErrorKind.InvalidInput);
            }

            if (signer is not null)
            {
                try
                {
                    RequireMatchingPublicKey(signer, privateKeyPath, publicKeyPath);
                }
                catch
                {
                    signer.Dispose();
                    throw;
                }

                return signer;
            }
        }

        if (!File.Exists(publicKeyPath))
        {
            throw unusableKind == ArchiveErrorKind.InvalidInput
                ? new ArchiveException(ArchiveErrorKind.InvalidInput, unusable!)
                : new FileNotFoundException($"signing key not found: {publicKeyPath}", publicKeyPath);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(publicKeyPath));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{publicKeyPath}: not a PEM ECDSA public key", ex);
        }

        return new CheckpointSigner(key, canSign: false) { Unusable = unusable, UnusableKind = unusableKind };
    }

    // A key from --key or ARCHIVE_KEY that is not the archive's would sign checkpoints nobody can check: refuse it.
    private static void RequireMatchingPublicKey(CheckpointSigner signer, string privateKeyPath, string publicKeyPath)
    {
        if (!File.Exists(publicKeyPath))
        {
            return;
        }

        using var published = FromPublicPem(File.ReadAllText(publicKeyPath));
        if (published is not null && published.KeyId != signer.KeyId)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput,
                $"the signing key {privateKeyPath} (sha256:{signer.KeyId[..16]}…) is not this archive's key (sha256:{published.KeyId[..16]}… in {publicKeyPath}); after `archive key change`, pass the new key with --key or ARCHIVE_KEY");
        }
    }

    /// <summary>A verify-only key from a PEM SubjectPublicKeyInfo file (for example a pinned <c>public.pem</c>).</summary>
    public static CheckpointSigner LoadPublicKey(string publicKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicKeyPath);
        if (!File.Exists(publicKeyPath))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"public key not found: {publicKeyPath}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(publicKeyPath));
            return new CheckpointSigner(key, canSign: false);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{publicKeyPath}: not a PEM ECDSA public key", ex);
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        if (!CanSign)
        {
            throw new InvalidOperationException("the archive's private key is not readable: cannot sign");
        }

        return _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
