using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Export.Bag;

/// <summary>
/// The events of a bag's captures as a W3C PROV-JSON document: each capture and text an entity, each event an
/// activity associated with its agent; ingest and capture events generate the capture, text extraction uses the
/// capture and generates the text. Each activity keeps its log index and leaf hash, so it can be matched to its proof.
/// </summary>
internal static class BagProv
{
    public static JsonObject Document(IReadOnlyList<CaptureSummary> captures, IReadOnlyList<LoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentNullException.ThrowIfNull(events);
        var entities = new JsonObject();
        foreach (var capture in captures)
        {
            entities[Capture(capture.Id)] = new JsonObject
            {
                ["prov:type"] = "archive:Capture",
                ["prov:label"] = capture.Title ?? capture.Slug,
                ["archive:slug"] = capture.Slug,
                ["archive:mediaType"] = capture.MediaType,
                ["archive:size"] = capture.Size,
            };
            entities[Text(capture.TextSha256)] = new JsonObject { ["prov:type"] = "archive:Text", ["archive:sha256"] = capture.TextSha256 };
        }

        var activities = new JsonObject();
        var agents = new JsonObject();
        var generated = new JsonObject();
        var used = new JsonObject();
        var associated = new JsonObject();
        foreach (var e in events)
        {
            using var json = JsonDocument.Parse(e.Json);
            var root = json.RootElement;
            var id = $"archive:event-{e.Index}";
            var agent = "archive:agent-" + (root.TryGetProperty("agent", out var a) ? a.GetString() : "unknown");
            activities[id] = new JsonObject
            {
                ["prov:type"] = "archive:" + e.Type,
                ["prov:startTime"] = e.Time,
                ["prov:endTime"] = e.Time,
                ["archive:index"] = e.Index,
                ["archive:leafHash"] = Convert.ToHexStringLower(MerkleHash.LeafHash(System.Text.Encoding.UTF8.GetBytes(e.Json))),
                ["archive:tool"] = root.TryGetProperty("tool", out var tool) ? tool.GetString() : null,
                ["archive:outcome"] = root.TryGetProperty("outcome", out var outcome) ? outcome.GetString() : null,
            };
            agents[agent] = new JsonObject { ["prov:type"] = "prov:Person" };
            associated[$"_:assoc-{e.Index}"] = new JsonObject { ["prov:activity"] = id, ["prov:agent"] = agent };
            if (e.CaptureId is not { } captureId)
            {
                continue;
            }

            if (e.Type is EventType.Ingested or EventType.Captured)
            {
                generated[$"_:gen-{e.Index}"] = new JsonObject { ["prov:entity"] = Capture(captureId), ["prov:activity"] = id, ["prov:time"] = e.Time };
            }
            else if (e.Type == EventType.TextExtracted && root.TryGetProperty("data", out var data) && data.TryGetProperty("text", out var text) && text.GetString() is { } textId)
            {
                used[$"_:use-{e.Index}"] = new JsonObject { ["prov:activity"] = id, ["prov:entity"] = Capture(captureId) };
                generated[$"_:gen-{e.Index}"] = new JsonObject { ["prov:entity"] = Text(textId), ["prov:activity"] = id, ["prov:time"] = e.Time };
            }
            else
            {
                used[$"_:use-{e.Index}"] = new JsonObject { ["prov:activity"] = id, ["prov:entity"] = Capture(captureId) };
            }
        }

        return new JsonObject
        {
            ["prefix"] = new JsonObject { ["archive"] = "urn:archive:", ["prov"] = "http://www.w3.org/ns/prov#" },
            ["entity"] = entities,
            ["activity"] = activities,
            ["agent"] = agents,
            ["wasGeneratedBy"] = generated,
            ["used"] = used,
            ["wasAssociatedWith"] = associated,
        };
    }

    private static string Capture(CaptureId id) => "archive:capture-" + id.Digest.Hex;

    private static string Text(string id) => "archive:text-" + id.Replace("sha256:", string.Empty, StringComparison.Ordinal);
}
