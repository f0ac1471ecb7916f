namespace Archive.Core.Verification;

/// <summary>A blob an event names (a web capture's screenshot, a text's word layout, a re-extracted capture's earlier text), for fixity to re-hash.</summary>
internal sealed record NamedBlob(string Kind, DigestName CaptureId, DigestName Digest)
{
    /// <summary>The kind of a text a later text-extracted event <c>replaces</c>; reported as a <c>text</c>.</summary>
    public const string EarlierText = "earlier text";
}
