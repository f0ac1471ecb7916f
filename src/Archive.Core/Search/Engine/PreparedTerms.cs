using Lucene.Net.Index;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Where the words a wildcard or fuzzy term expanded to lie in each segment, as the expansion's walk of the term
/// dictionary found them, kept for the reader it walked. A search on that same reader builds its term queries from
/// them (<see cref="LuceneQueryBuilder"/>) instead of seeking every word in every segment again; a search on another
/// reader (the index refreshed in between) seeks as usual.
/// </summary>
internal sealed class PreparedTerms(IndexReaderContext top)
{
    private readonly Dictionary<(string Field, string Text), TermContext> _contexts = [];

    /// <summary>The reader the contexts belong to.</summary>
    public IndexReaderContext Top { get; } = top;

    public int Count => _contexts.Count;

    public void Add(string field, string text, TermContext context) => _contexts[(field, text)] = context;

    /// <summary>The word's context in <paramref name="top"/>, or null when it was not kept or belongs to another reader.</summary>
    public TermContext? Find(IndexReaderContext top, string field, string text) =>
        top == Top && _contexts.TryGetValue((field, text), out var context) ? context : null;

    /// <summary>The lookups of one expanded query that belong to <paramref name="top"/>.</summary>
    public static List<PreparedTerms> For(IndexReaderContext top, IReadOnlyList<object> lookups) =>
        [.. lookups.OfType<PreparedTerms>().Where(p => p.Top == top)];
}
