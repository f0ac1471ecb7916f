using Archive.Core.Provenance;

namespace Archive.Cli.Json;

/// <summary><c>archive log checkpoint --json</c>: the signed checkpoint's size, root (base64), time and exact body.</summary>
internal sealed record CheckpointJson(long TreeSize, string Root, string Time, string Body)
{
    public static CheckpointJson From(Checkpoint checkpoint) =>
        new(checkpoint.TreeSize, Convert.ToBase64String(checkpoint.Root), checkpoint.Time, checkpoint.Body);
}
