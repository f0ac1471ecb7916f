using Archive.Core.Provenance;

namespace Archive.Cli.Json;

/// <summary><c>archive log consistency --json</c>: the two tree sizes and roots, the proof's hashes (base64) and whether it verifies.</summary>
internal sealed record ConsistencyJson(long Size1, long Size2, string Root1, string Root2, IReadOnlyList<string> Proof, bool Verified)
{
    public static ConsistencyJson From(ConsistencyProof proof) => new(
        proof.Size1,
        proof.Size2,
        Convert.ToBase64String(proof.Root1),
        Convert.ToBase64String(proof.Root2),
        [.. proof.Path.Select(Convert.ToBase64String)],
        proof.Verified);
}
