namespace Archive.Core.Provenance;

/// <summary>A signed checkpoint: tree size, root, time, the signed body, its DER signature (base64) and key id.</summary>
public sealed record CheckpointInfo(long Id, long TreeSize, string Root, string Time, string Body, string Signature, string KeyId)
{
    public static CheckpointInfo From(StoredCheckpoint c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CheckpointInfo(c.Id, c.TreeSize, c.Root, c.Time, c.Body, Convert.ToBase64String(c.Signature), c.KeyId);
    }
}
