using System.Globalization;
using System.Text.Json.Nodes;

namespace Archive.Core.Provenance;

/// <summary>
/// A key-changed event's data: the retiring and the new key (fingerprints and PEM public keys) and two DER ECDSA
/// signatures over one statement, by the retiring key (it hands over) and by the new key (it is held):
/// <code>
/// archive-key-change
/// &lt;origin&gt;
/// index &lt;event index&gt;
/// old sha256:&lt;fingerprint&gt;
/// new sha256:&lt;fingerprint&gt;
/// </code>
/// </summary>
internal sealed record KeyChange(long Index, string OldKey, string OldPublicKeyPem, string NewKey, string NewPublicKeyPem, string Statement, byte[] OldSignature, byte[] NewSignature)
{
    public static string StatementFor(string origin, long index, string oldKey, string newKey) =>
        string.Create(CultureInfo.InvariantCulture, $"archive-key-change\n{origin}\nindex {index}\nold sha256:{oldKey}\nnew sha256:{newKey}\n");

    public JsonObject ToData() => new()
    {
        ["old_key"] = "sha256:" + OldKey,
        ["old_public_key"] = OldPublicKeyPem,
        ["new_key"] = "sha256:" + NewKey,
        ["new_public_key"] = NewPublicKeyPem,
        ["statement"] = Statement,
        ["old_signature"] = Convert.ToBase64String(OldSignature),
        ["new_signature"] = Convert.ToBase64String(NewSignature),
    };

    /// <summary>Reads a key-changed event's JSON; null when a field is missing or malformed.</summary>
    public static KeyChange? TryParse(long index, string eventJson)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        try
        {
            if (JsonNode.Parse(eventJson)?["data"] is not JsonObject data)
            {
                return null;
            }

            string Text(string name) => data[name]?.GetValue<string>() ?? throw new FormatException(name);
            string Fingerprint(string name) => Text(name) is { } value && value.StartsWith("sha256:", StringComparison.Ordinal) ? value[7..] : throw new FormatException(name);
            return new KeyChange(index, Fingerprint("old_key"), Text("old_public_key"), Fingerprint("new_key"), Text("new_public_key"), Text("statement"),
                Convert.FromBase64String(Text("old_signature")), Convert.FromBase64String(Text("new_signature")));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
