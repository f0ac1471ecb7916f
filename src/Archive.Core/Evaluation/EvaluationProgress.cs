namespace Archive.Core.Evaluation;

/// <summary>Progress of an evaluation: the stage ("indexing" or "searching") and items done out of total.</summary>
public readonly record struct EvaluationProgress(string Stage, int Done, int Total);
