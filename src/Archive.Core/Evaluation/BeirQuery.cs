namespace Archive.Core.Evaluation;

/// <summary>One test query of a BEIR collection: its id and the question as typed.</summary>
internal sealed record BeirQuery(string Id, string Text);
