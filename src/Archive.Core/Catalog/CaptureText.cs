using System.Text.Json.Nodes;
using Archive.Core.Provenance;

namespace Archive.Core.Catalog;

/// <summary>
/// One canonical text a capture has had, as its text-extracted event recorded it. A capture re-extracted keeps every
/// earlier text: each stays in the store, verifiable, and citable by its digest.
/// </summary>
/// <param name="TextSha256">The text's digest (<c>sha256:…</c>).</param>
/// <param name="Length">Its length in code points.</param>
/// <param name="EventIndex">The log index of the text-extracted event that recorded it.</param>
/// <param name="ExtractedAt">When that event was written (UTC).</param>
/// <param name="Current">True for the text search, citations and packs use now.</param>
/// <param name="Replaces">The text this one replaced (a re-extraction), or null for the text made at ingest.</param>
public sealed record CaptureText(
    string TextSha256,
    int Length,
    string Extractor,
    string ExtractorVersion,
    string ExtractorSettings,
    long EventIndex,
    string ExtractedAt,
    bool Current,
    string? Replaces)
{
    /// <summary>The texts named by a capture's text-extracted events, oldest first; the catalog's text is the current one.</summary>
    public static IReadOnlyList<CaptureText> FromEvents(IEnumerable<LoggedEvent> events, string currentTextSha256)
    {
        ArgumentNullException.ThrowIfNull(events);
        var texts = new List<CaptureText>();
        foreach (var logged in events.Where(e => e.Type == EventType.TextExtracted))
        {
            var data = JsonNode.Parse(logged.Json)?["data"];
            if (data?["text"]?.GetValue<string>() is not { } text)
            {
                continue;
            }

            var extractor = data["extractor"];
            texts.Add(new CaptureText(
                text,
                data["length"]?.GetValue<int>() ?? 0,
                extractor?["name"]?.GetValue<string>() ?? string.Empty,
                extractor?["version"]?.GetValue<string>() ?? string.Empty,
                extractor?["settings"]?.GetValue<string>() ?? string.Empty,
                logged.Index,
                logged.Time,
                false,
                data["replaces"]?.GetValue<string>()));
        }

        // The last event naming the catalog's text is the current one (a text may come back after a re-extraction).
        var current = texts.FindLastIndex(t => t.TextSha256 == currentTextSha256);
        if (current >= 0)
        {
            texts[current] = texts[current] with { Current = true };
        }

        return texts;
    }
}
