using System.Text;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Cli.Json;

/// <summary>One event as <c>archive log --json</c> lists it: its index, its Merkle leaf hash (hex) and the event itself.</summary>
internal sealed record LogEntryJson(long Index, string LeafHash, JsonNode? Event)
{
    public static LogEntryJson From(LoggedEvent logged) =>
        new(logged.Index, Convert.ToHexStringLower(MerkleHash.LeafHash(Encoding.UTF8.GetBytes(logged.Json))), JsonNode.Parse(logged.Json));
}
