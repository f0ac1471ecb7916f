namespace Archive.Core.Versions;

/// <summary>
/// A stretch of a string compared by its characters, without copying it: how lines and words of two texts get one id
/// per distinct content for <see cref="MyersDiff"/>.
/// </summary>
internal readonly record struct TextSlice(string Source, int Start, int Length)
{
    public ReadOnlySpan<char> Span => Source.AsSpan(Start, Length);

    public bool Equals(TextSlice other) => Span.SequenceEqual(other.Span);

    public override int GetHashCode() => string.GetHashCode(Span, StringComparison.Ordinal);
}
