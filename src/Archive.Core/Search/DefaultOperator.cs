namespace Archive.Core.Search;

/// <summary>What two clauses written side by side, with no operator between them, mean.</summary>
internal enum DefaultOperator
{
    /// <summary><c>a b</c> means <c>a AND b</c>: each added word narrows the result.</summary>
    And,

    /// <summary><c>a b</c> means <c>a OR b</c>, as in Lucene's and Kibana's default.</summary>
    Or,
}
