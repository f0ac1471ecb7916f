namespace Archive.Core.Evaluation;

/// <summary>One corpus document of a BEIR test collection: <c>_id</c>, <c>title</c> and <c>text</c>.</summary>
internal sealed record BeirDocument(string Id, string Title, string Text);
