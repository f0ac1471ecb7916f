namespace Archive.Core.Verification;

/// <summary>
/// Checkpoints saved outside the archive (folders as <c>archive log export</c> writes them) and, optionally, the
/// public key they must be signed with; without one, the archive's own key is pinned. <c>TsaCertificatePath</c> pins the
/// certificates (PEM) time stamps must chain to, instead of those kept with each token; <c>WitnessKeyPaths</c> pins the
/// witness public keys (PEM) every stored cosignature must be made with. The folders may pin more of both
/// (see <see cref="TrustAnchors"/>).
/// </summary>
public sealed record TrustOptions(IReadOnlyList<string> Folders, string? KeyPath = null, string? TsaCertificatePath = null)
{
    /// <summary>Witness public keys (PEM files) the auditor pins.</summary>
    public IReadOnlyList<string> WitnessKeyPaths { get; init; } = [];

    public static TrustOptions None { get; } = new([]);
}
