namespace Archive.Core.Evaluation;

/// <summary>A test collection folder that cannot be read: a missing file or a malformed line, named in the message.</summary>
internal sealed class EvaluationException : Exception
{
    public EvaluationException(string message)
        : base(message)
    {
    }

    public EvaluationException()
    {
    }

    public EvaluationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
