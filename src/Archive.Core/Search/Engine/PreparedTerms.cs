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

    /// <summary>The lookups of one expanded query that belong to <paramref name="top"/>, in one; null when none does.</summary>
    public static PreparedTerms? For(IndexReaderContext top, IReadOnlyList<object> lookups)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        var mine = lookups.OfType<PreparedTerms>().Where(p => p.Top == top).ToList();
        if (mine.Count <= 1)
        {
            return mine.FirstOrDefault();
        }

        var all = new PreparedTerms(top);
        foreach (var prepared in mine)
        {
            foreach (var (key, context) in prepared._contexts)
            {
                all._contexts[key] = context;
            }
        }

        return all;
    }
}
