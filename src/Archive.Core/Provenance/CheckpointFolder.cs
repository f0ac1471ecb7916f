namespace Archive.Core.Provenance;

/// <summary>
/// The files of a checkpoint folder as <c>archive log export</c> writes it and <c>verify --trust</c> reads it, each
/// checkable with openssl alone: the signed checkpoint, the archive's public key, the exported log, the RFC 3161 token
/// with the TSA certificates it was checked against, and one signature and public key per witness that cosigned it.
/// </summary>
internal static class CheckpointFolder
{
    /// <summary>The checkpoint's exact signed text.</summary>
    public const string CheckpointFile = "checkpoint.txt";

    /// <summary>The archive's DER ECDSA P-256 signature over <see cref="CheckpointFile"/>.</summary>
    public const string SignatureFile = "checkpoint.sig";

    /// <summary>The archive's public key (PEM).</summary>
    public const string PublicKeyFile = "public.pem";

    /// <summary>One canonical event a line, up to the checkpoint's size.</summary>
    public const string LogFile = "log.jsonl";

    /// <summary>
    /// An auditor's state (<c>archive audit --state</c>) keeps the log's leaf hashes instead of the log: 32 bytes per
    /// event up to the checkpoint's size, enough to name the first event that changed.
    /// </summary>
    public const string LeavesFile = "leaves.sha256";

    /// <summary>The RFC 3161 time-stamp token over <see cref="CheckpointFile"/> (DER), when one was obtained.</summary>
    public const string TokenFile = "checkpoint.tst";

    /// <summary>The TSA certificates (PEM) the token was checked against when it was obtained.</summary>
    public const string TsaCertificatesFile = "tsa-certs.pem";

    /// <summary>
    /// One pair a witness: <c>&lt;fingerprint&gt;.pem</c> (its public key, fingerprint = SHA-256 of the DER
    /// SubjectPublicKeyInfo, 64 hex) and <c>&lt;fingerprint&gt;.cosig</c> (its DER signature over <see cref="CheckpointFile"/>).
    /// </summary>
    public const string WitnessesFolder = "witnesses";

    /// <summary>The extension of a witness's cosignature in <see cref="WitnessesFolder"/>.</summary>
    public const string CosignatureExtension = ".cosig";

    /// <summary>A witness's own state folder (<c>log cosign --state</c>) holds its one cosignature under this name.</summary>
    public const string StateCosignatureFile = "checkpoint.cosig";

    /// <summary>A witness's own state folder holds its public key under this name.</summary>
    public const string StateWitnessKeyFile = "witness.pem";
}
