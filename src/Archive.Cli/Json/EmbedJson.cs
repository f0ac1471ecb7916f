namespace Archive.Cli.Json;

/// <summary><c>archive embed --json</c>: the model, what this run embedded (none with <c>--status</c>), and the vectors now.</summary>
internal sealed record EmbedJson(string Model, EmbedRunJson? Embedded, EmbedStatusJson Status);
