namespace Archive.Core.Search;

/// <summary>Every document: written <c>*</c> or <c>*:*</c>. Useful with filters, as in <c>* AND publisher:Reuters</c>.</summary>
internal sealed record MatchAllQuery : Query
{
    public override string ToString() => "*";
}
