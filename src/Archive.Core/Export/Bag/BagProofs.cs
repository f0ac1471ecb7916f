using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Core.Export.Bag;

/// <summary>
/// A bag's <c>provenance/inclusion-proofs.json</c> as read: the origin it states and each item of the shape the export
/// writes (an event of a capture: its log index, its canonical JSON, its leaf hash and its audit path, hex). The file is
/// anyone's to edit, so a file or item of another shape is a problem naming the file, the item and the member, in words;
/// nothing in it is trusted before <see cref="BagImporter"/> checks the item's inclusion proof.
/// </summary>
internal sealed record BagProofs(string? Origin, IReadOnlyList<BagProofs.Item> Items)
{
    /// <summary>No proofs: a bag whose file is missing or cannot be read as proofs.</summary>
    public static BagProofs None { get; } = new(null, []);

    /// <summary>Reads the file; each way it departs from the export's shape is added to <paramref name="problems"/>.</summary>
    public static BagProofs Read(string path, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{BagFiles.Proofs}: not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"));
            return None;
        }

        if (root is not JsonObject file)
        {
            problems.Add($"{BagFiles.Proofs}: {Kind(root)}, not the object with \"items\" the export writes");
            return None;
        }

        string? origin = null;
        if (file["origin"] is { } statedOrigin && !IsString(statedOrigin, out origin))
        {
            problems.Add($"{BagFiles.Proofs}: \"origin\" is {Kind(statedOrigin)}, not a string");
        }

        if (file["items"] is not JsonArray array)
        {
            problems.Add(file.ContainsKey("items")
                ? $"{BagFiles.Proofs}: \"items\" is {Kind(file["items"])}, not an array of proofs"
                : $"{BagFiles.Proofs}: no \"items\" array of proofs");
            return new BagProofs(origin, []);
        }

        var items = new List<Item>();
        for (var i = 0; i < array.Count; i++)
        {
            if (ReadItem(array[i], i, problems) is { } item)
            {
                items.Add(item);
            }
        }

        return new BagProofs(origin, items);
    }

    /// <summary>One item, or null when it is not of the export's shape (each member that is not, named in the problems).</summary>
    private static Item? ReadItem(JsonNode? node, int position, List<string> problems)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{BagFiles.Proofs}: items[{position}]");
        if (node is not JsonObject item)
        {
            problems.Add($"{where} is {Kind(node)}, not an object (capture, event_index, event, leaf_hash, path)");
            return null;
        }

        var count = problems.Count;
        var capture = Member(item, "capture", where, problems, n => IsString(n, out var s) ? s : null, "a string naming the capture");
        var index = Member(item, "event_index", where, problems, n => n is JsonValue v && v.TryGetValue<long>(out var l) && l >= 0 ? l : (long?)null, "a whole number from 0, the event's index in the log");
        var eventJson = Member(item, "event", where, problems, n => IsString(n, out var s) ? s : null, "a string holding the event's canonical JSON");
        var leaf = Member(item, "leaf_hash", where, problems, Hash, "a SHA-256 hash in hex");
        var path = Member(item, "path", where, problems, n => n as JsonArray, "an array of SHA-256 hashes in hex, the audit path") is { } array ? Hashes(array, where, problems) : null;
        return problems.Count > count ? null : new Item(position, capture!, index!.Value, eventJson!, leaf!, path!);
    }

    /// <summary>The audit path's hashes; null when one is not a hash (named in the problems).</summary>
    private static List<byte[]>? Hashes(JsonArray array, string where, List<string> problems)
    {
        var hashes = new List<byte[]>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (Hash(array[i]) is not { } hash)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: \"path\"[{i}] is {Kind(array[i])}, not a SHA-256 hash in hex"));
                return null;
            }

            hashes.Add(hash);
        }

        return hashes;
    }

    /// <summary>A member read by <paramref name="read"/>; when it is absent or not what <paramref name="expected"/> says, a problem.</summary>
    private static T? Member<T>(JsonObject item, string name, string where, List<string> problems, Func<JsonNode?, T?> read, string expected)
    {
        if (!item.TryGetPropertyValue(name, out var node))
        {
            problems.Add($"{where} has no \"{name}\" ({expected})");
            return default;
        }

        var value = read(node);
        if (value is null)
        {
            problems.Add($"{where}: \"{name}\" is {Kind(node)}, not {expected}");
        }

        return value;
    }

    private static bool IsString(JsonNode? node, out string? text)
    {
        text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return text is not null;
    }

    private static byte[]? Hash(JsonNode? node) =>
        IsString(node, out var hex) && hex!.Length == 64 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;

    /// <summary>What a JSON value is, in words, with a short one quoted (a long one would flood the report).</summary>
    internal static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String when node.ToJsonString() is { Length: <= 80 } quoted => "the string " + quoted,
        JsonValueKind.String => "a string",
        JsonValueKind.Number when node.ToJsonString() is { Length: <= 40 } number => "the number " + number,
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => "not a JSON value",
    };

    /// <summary>
    /// One proof as the export writes it: <paramref name="Position"/> in <c>items</c>, the capture it is for, the event's
    /// index in the sender's log, its canonical JSON, the leaf hash stated for it and the audit path to the checkpoint's root.
    /// </summary>
    internal sealed record Item(int Position, string Capture, long Index, string EventJson, byte[] LeafHash, IReadOnlyList<byte[]> Path);
}
