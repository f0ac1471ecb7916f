namespace Archive.Cli.Json;

/// <summary><c>archive serve --json</c>'s one line once it listens: the archive served and the real URLs (ports included).</summary>
internal sealed record ServeJson(string Archive, IReadOnlyList<string> Urls);
