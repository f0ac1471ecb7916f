namespace Archive.Core.Provenance;

/// <summary>A checkpoint row: the signed body, its DER signature and the signing key's fingerprint.</summary>
public sealed record StoredCheckpoint(long Id, long TreeSize, string Root, string Time, string Body, byte[] Signature, string KeyId);
