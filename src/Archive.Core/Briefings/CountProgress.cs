namespace Archive.Core.Briefings;

/// <summary>Reports a count on the calling thread (unlike <see cref="Progress{T}"/>), so counts arrive in order.</summary>
internal sealed class CountProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
