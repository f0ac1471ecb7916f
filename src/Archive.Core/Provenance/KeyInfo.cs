namespace Archive.Core.Provenance;

/// <summary>
/// The archive's signing key: its fingerprint (SHA-256 of the DER SubjectPublicKeyInfo, what
/// <c>openssl pkey -pubin -in public.pem -outform DER | sha256sum</c> prints), where its halves are, and its changes.
/// </summary>
public sealed record KeyInfo(
    string Fingerprint,
    string PublicKey,
    string PrivateKey,
    bool PrivateKeyOutsideArchive,
    bool CanSign,
    IReadOnlyList<KeyChangeInfo> Changes,
    IReadOnlyList<string> Problems);
