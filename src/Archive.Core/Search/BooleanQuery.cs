using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Clauses combined as in Lucene: a document matches when every <see cref="Occur.Must"/> clause matches, no
/// <see cref="Occur.MustNot"/> clause matches, and, if there is no Must clause, at least one <see cref="Occur.Should"/>
/// clause matches. With Must clauses present, Should clauses only raise the score. A query of MustNot clauses alone
/// matches every document except those.
/// </summary>
internal sealed record BooleanQuery : Query
{
    public BooleanQuery(IReadOnlyList<BooleanClause> clauses)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        if (clauses.Count == 0)
        {
            throw new ArgumentException("a boolean query needs at least one clause", nameof(clauses));
        }

        Clauses = clauses;
    }

    /// <summary>The clauses in query order; never empty.</summary>
    public IReadOnlyList<BooleanClause> Clauses { get; }

    public bool Equals(BooleanQuery? other) =>
        other is not null && Clauses.SequenceEqual(other.Clauses);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var clause in Clauses)
        {
            hash.Add(clause);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        // Written with explicit operators so that it parses back the same under either default operator:
        // OR between clauses when any is optional (with +/- marking the others), AND otherwise.
        var anyShould = Clauses.Any(c => c.Occur == Occur.Should);
        var builder = new StringBuilder();
        foreach (var clause in Clauses)
        {
            if (builder.Length > 0)
            {
                builder.Append(anyShould ? " OR " : " AND ");
            }

            builder.Append(clause.Occur switch
            {
                Occur.Must when anyShould => "+",
                Occur.MustNot => "-",
                _ => string.Empty,
            });
            builder.Append(clause.Query is BooleanQuery ? $"({clause.Query})" : clause.Query.ToString());
        }

        return builder.ToString();
    }
}
