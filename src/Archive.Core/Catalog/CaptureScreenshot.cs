using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Catalog;

/// <summary>Where a web capture's screenshot is: the derived PNG its <c>captured</c> event names by SHA-256.</summary>
public static class CaptureScreenshot
{
    /// <summary>The screenshot's digest named by the capture's <c>captured</c> event, or null when the capture is not a web capture.</summary>
    public static Sha256Digest? Find(IReadOnlyList<LoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var logged in events.Where(e => e.Type == EventType.Captured))
        {
            try
            {
                var sha = JsonNode.Parse(logged.Json)?["data"]?["screenshot"]?["sha256"]?.GetValue<string>();
                if (Sha256Digest.TryParse(sha, out var digest))
                {
                    return digest;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                // A malformed event names no screenshot; verify reports the log itself.
            }
        }

        return null;
    }
}
