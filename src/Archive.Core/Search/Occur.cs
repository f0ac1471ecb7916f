namespace Archive.Core.Search;

/// <summary>How a clause takes part in a <see cref="BooleanQuery"/>, as in Lucene.</summary>
internal enum Occur
{
    /// <summary>The clause must match (<c>+a</c>, or a side of <c>AND</c>).</summary>
    Must,

    /// <summary>The clause may match (a side of <c>OR</c>). Needed only when the query has no <see cref="Must"/> clause.</summary>
    Should,

    /// <summary>The clause must not match (<c>-a</c>, <c>NOT a</c>, <c>!a</c>).</summary>
    MustNot,
}
