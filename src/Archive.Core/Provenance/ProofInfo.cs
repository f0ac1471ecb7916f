using System.Text.Json.Nodes;

namespace Archive.Core.Provenance;

/// <summary>GET /api/log/proof/{index}: the shape of <c>archive log prove --json</c>. Hashes are base64.</summary>
public sealed record ProofInfo(long LeafIndex, long TreeSize, string LeafHash, IReadOnlyList<string> Proof, string Root, bool Verified, JsonNode Event)
{
    public static ProofInfo From(InclusionProof p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ProofInfo(p.Index, p.TreeSize, Convert.ToBase64String(p.LeafHash), [.. p.Path.Select(Convert.ToBase64String)], Convert.ToBase64String(p.Root), p.Verified, JsonNode.Parse(p.EventJson)!);
    }
}
