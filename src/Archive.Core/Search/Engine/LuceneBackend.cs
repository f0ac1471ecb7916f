using System.Runtime.InteropServices;
using System.Text;
using Archive.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;
using L = Lucene.Net.Search;

namespace Archive.Core.Search.Engine;

/// <summary>
/// The Lucene.Net search backend: brings the index up to the catalog (<see cref="LuceneIndex.CatchUp"/>), compiles
/// the expanded query (<see cref="LuceneQueryBuilder"/>), ranks with BM25, collects every match for facets (on every
/// core for a large index, <see cref="PartitionedSearch"/>), sorts with a stable tie-break (ingest order) and returns
/// one page. Wildcard and fuzzy terms expand against the exact fields'
/// term dictionaries with Lucene's automata.
/// </summary>
internal sealed class LuceneBackend(LuceneIndex index, int maxExpansions) : ISearchBackend
{
    /// <summary>
    /// How long a search waits for a writer (this process's or another's) before it searches what is committed: not at
    /// all. Every ingest catches up before it acknowledges (a batch commits within a second), so what a writer is
    /// still indexing was not yet acknowledged to anyone, and waiting for it made every search that met an upload wait
    /// for its commit. With no writer at work, the search catches up itself: a process that died between its catalog
    /// commit and its catch-up is recovered by the next search.
    /// </summary>
    internal static readonly TimeSpan CatchUpWait = TimeSpan.Zero;

    // How many searches are collecting matches now, in this process.
    private int _collecting;

    public string? Problem() => index.Problem();

    public TermExpansion Wildcard(string pattern, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var automaton = L.WildcardQuery.ToAutomaton(new Term(IndexFields.TextExact, pattern));
        return Expand(new CompiledAutomaton(automaton), max, cancellationToken);
    }

    public TermExpansion Fuzzy(string term, int maxEdits, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        var automaton = new LevenshteinAutomata(term, true).ToAutomaton(Math.Clamp(maxEdits, 0, LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE));
        return Expand(new CompiledAutomaton(automaton), max, cancellationToken);
    }

    public SearchPage Search(ExpandedQuery query, SearchFilters filters, SearchSort sort, int offset, int limit, CancellationToken cancellationToken, MeaningRanking? meaning = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filters);
        var behind = 0;
        var found = WithSearcher(searcher =>
        {
            var compiled = new LuceneQueryBuilder(searcher.IndexReader, index.Analyzer, maxExpansions) { Prepared = PreparedTerms.For(searcher.TopReaderContext, query.Lookups) }.Build(query, filters, meaning?.Matches.Values, words: meaning is null || meaning.Weight < 1);
            // The page needs only the first offset + limit matches. Fused with meaning, the page is the fused candidates
            // (the words' best Candidates and the meaning matches found) and then the other matches in BM25 order: the
            // BM25 order's first offset + limit + Candidates + meaning matches, and the meaning matches wherever they rank.
            var fuse = meaning is not null && sort == SearchSort.Relevance;
            var keep = (long)offset + limit + (fuse ? MeaningRanking.Candidates + meaning!.Matches.Count : 0);
            var alsoKeep = fuse ? meaning!.Matches.Keys.ToHashSet() : null;
            MatchCollector collector;
            // The cores are shared among the searches running at once: when as many run as there are cores, each
            // runs on one, as they all did before.
            var running = Interlocked.Increment(ref _collecting);
            try
            {
                collector = PartitionedSearch.Search(
                    searcher,
                    compiled,
                    token => new MatchCollector((int)Math.Min(int.MaxValue, keep), sort == SearchSort.Published ? ByPublished : ByScore, token, alsoKeep),
                    Environment.ProcessorCount / running,
                    cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _collecting);
            }

            var matches = collector.Matches();
            if (fuse)
            {
                matches = Fuse(matches, collector.AlsoKept, meaning!);
            }

            var page = matches.Skip(offset).Take(limit).Select(m => new RankedCapture(m.RowId, m.Score)).ToList();
            return new SearchPage(page, collector.Total, collector.Facets());
        }, cancellationToken, missing => behind = missing);
        return behind == 0 ? found : found with { Behind = behind };
    }

    /// <summary>
    /// Re-ranks the best matches (sorted by BM25) by the fused score of <see cref="MeaningRanking"/>: its candidates
    /// first, by fused score, then the other matches given in BM25 order with a fused score of 0.
    /// </summary>
    /// <param name="matches">A prefix of the BM25 order, at least the words' candidates and the page beyond the fused ones.</param>
    /// <param name="meaningMatches">Every match that is also a meaning candidate, wherever it ranks by BM25.</param>
    private static List<(long RowId, float Score, string? Published)> Fuse(List<(long RowId, float Score, string? Published)> matches, IReadOnlyList<(long RowId, float Score, string? Published)> meaningMatches, MeaningRanking meaning)
    {
        var lexical = meaning.Weight >= 1 ? [] : matches.Where(m => m.Score > 0).Take(MeaningRanking.Candidates).ToList();
        var candidates = lexical.Select(m => m.RowId).ToHashSet();
        var byRow = lexical.ToDictionary(m => m.RowId);
        foreach (var match in meaningMatches)
        {
            candidates.Add(match.RowId);
            byRow.TryAdd(match.RowId, match);
        }

        var similarity = meaning.Similarity(candidates);
        var (lexicalLow, lexicalHigh) = Range(lexical.Select(m => (double)m.Score));
        var (meaningLow, meaningHigh) = Range(meaning.Matches.Keys.Where(similarity.ContainsKey).Select(r => similarity[r]));
        var words = lexical.ToDictionary(m => m.RowId, m => (double)m.Score);
        var fused = new List<(long RowId, float Score, string? Published)>(matches.Count);
        var rest = new List<(long RowId, float Score, string? Published)>();
        foreach (var match in matches)
        {
            if (!candidates.Contains(match.RowId))
            {
                rest.Add((match.RowId, 0, match.Published));
            }
        }

        foreach (var match in byRow.Values)
        {
            var byWords = words.TryGetValue(match.RowId, out var score) ? MeaningRanking.Normalise(score, lexicalLow, lexicalHigh) : 0;
            var byMeaning = similarity.TryGetValue(match.RowId, out var close) ? MeaningRanking.Normalise(close, meaningLow, meaningHigh) : 0;
            fused.Add((match.RowId, (float)((meaning.Weight * byMeaning) + ((1 - meaning.Weight) * byWords)), match.Published));
        }

        fused.Sort(ByScore);
        fused.AddRange(rest);
        return fused;

        static (double Low, double High) Range(IEnumerable<double> values)
        {
            var list = values.ToList();
            return list.Count == 0 ? (0, 0) : (list.Min(), list.Max());
        }
    }

    /// <summary>At most this many indexed words are looked at for the prefix of a rule (<c>a*</c>): bounded work per hit.</summary>
    private const int MaxPrefixTerms = 256;

    public IReadOnlyList<(int Start, int Rule)>? Occurrences(string captureId, IReadOnlyList<MatchRule> rules, LanguageChain chain, int maxPerTerm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(captureId);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(chain);
        return WithSearcher(searcher =>
        {
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var reader = leaf.AtomicReader;
                var docs = reader.GetTermDocsEnum(new Term(IndexFields.Id, captureId));
                if (docs is null)
                {
                    continue;
                }

                var live = reader.LiveDocs;
                for (var doc = docs.NextDoc(); doc != L.DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                {
                    if (live is null || live.Get(doc))
                    {
                        return Occurrences(reader, doc, rules, chain, maxPerTerm, cancellationToken);
                    }
                }
            }

            return null;
        }, cancellationToken);
    }

    private static List<(int Start, int Rule)>? Occurrences(AtomicReader reader, int doc, IReadOnlyList<MatchRule> rules, LanguageChain chain, int maxPerTerm, CancellationToken cancellationToken)
    {
        var found = new List<(int Start, int Rule)>();
        DocsAndPositionsEnum? positions = null;
        for (var r = 0; r < rules.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rule = rules[r];
            var terms = reader.GetTerms(rule.ByStem ? IndexFields.TextStem(chain) : IndexFields.TextExact);
            if (terms is null)
            {
                continue;
            }

            var words = rule.TermsFor(chain);
            for (var k = 0; k < words.Count; k++)
            {
                var iterator = terms.GetEnumerator();
                var word = new BytesRef(words[k]);
                if (!(rule.LastIsPrefix && k == words.Count - 1))
                {
                    if (iterator.SeekExact(word) && !Add(iterator, r))
                    {
                        return null;
                    }

                    continue;
                }

                if (iterator.SeekCeil(word) == TermsEnum.SeekStatus.END)
                {
                    continue;
                }

                var seen = 0;
                do
                {
                    if (!StringHelper.StartsWith(iterator.Term, word) || ++seen > MaxPrefixTerms)
                    {
                        break;
                    }

                    if (!Add(iterator, r))
                    {
                        return null;
                    }
                }
                while (iterator.MoveNext());
            }
        }

        found.Sort();
        return found;

        // False when the field holds no offsets (an index written before they were kept).
        bool Add(TermsEnum iterator, int rule)
        {
            positions = iterator.DocsAndPositions(null, positions, DocsAndPositionsFlags.OFFSETS);
            if (positions is null)
            {
                return false;
            }

            if (positions.Advance(doc) != doc)
            {
                return true;
            }

            var count = Math.Min(positions.Freq, maxPerTerm);
            for (var i = 0; i < count; i++)
            {
                positions.NextPosition();
                if (positions.StartOffset < 0)
                {
                    return false;
                }

                found.Add((positions.StartOffset, rule));
            }

            return true;
        }
    }

    private static readonly Comparison<(long RowId, float Score, string? Published)> ByScore =
        (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.RowId.CompareTo(b.RowId);

    private static readonly Comparison<(long RowId, float Score, string? Published)> ByPublished = (a, b) =>
    {
        var byDate = string.CompareOrdinal(b.Published ?? string.Empty, a.Published ?? string.Empty);
        return byDate != 0 ? byDate : ByScore(a, b);
    };

    /// <summary>Runs <paramref name="work"/> on a searcher that covers every acknowledged capture (or as many as another process has indexed after a short wait).</summary>
    /// <param name="behind">Told how many captures the catalog holds that the searcher does not, when another process held the index's writer so the search could not catch up.</param>
    private T WithSearcher<T>(Func<L.IndexSearcher, T> work, CancellationToken cancellationToken, Action<int>? behind = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (!index.CatchUp(CatchUpWait, cancellationToken: cancellationToken).Written && behind is not null && index.Behind() is > 0 and var missing)
            {
                behind(missing);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only archive (or index) is searched as last committed; verify says if that is behind.
        }

        var searcher = index.Acquire();
        if (searcher is null)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the search index is missing; run `archive reindex`");
        }

        try
        {
            return work(searcher);
        }
        catch (IOException ex) when (LuceneIndex.IsDamage(ex))
        {
            // Every read here is the index's: a file truncated or deleted under it.
            throw LuceneIndex.Damaged(ex);
        }
        finally
        {
            LuceneIndex.Release(searcher);
        }
    }

    /// <summary>
    /// Up to this many words matching an automaton keep where they lie in each segment, so that the chosen ones are
    /// searched without a second lookup (<see cref="PreparedTerms"/>); past it (a short wildcard over a large
    /// vocabulary) no more are kept, and the chosen words are looked up again as before.
    /// </summary>
    private const int MaxPreparedTerms = 1024;

    /// <summary>
    /// The words of the exact fields (title and text) that the automaton accepts, each counted by the documents of the
    /// field that holds it in the most; the most frequent <paramref name="max"/> are chosen, with their places kept.
    /// Each segment's dictionary is walked on its own and the counts summed, as Lucene's merged view would, without
    /// merging the segments' words in order.
    /// </summary>
    private TermExpansion Expand(CompiledAutomaton automaton, int max, CancellationToken cancellationToken) => WithSearcher(searcher =>
    {
        var top = searcher.TopReaderContext;
        var fields = new[] { IndexFields.TitleExact, IndexFields.TextExact };
        var found = fields.Select(field => Walk(top, field, automaton, cancellationToken)).ToArray();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (words, _) in found)
        {
            foreach (var (term, (docs, _)) in words)
            {
                counts[term] = Math.Max(counts.GetValueOrDefault(term), docs);
            }
        }

        var chosen = MostFrequent(counts, max);
        var prepared = new PreparedTerms(top);
        for (var f = 0; f < fields.Length; f++)
        {
            if (!found[f].Kept)
            {
                continue;
            }

            foreach (var (term, _) in chosen)
            {
                if (found[f].Words.TryGetValue(term, out var word) && word.Context is not null)
                {
                    prepared.Add(fields[f], term, word.Context);
                }
            }
        }

        return new TermExpansion(chosen, counts.Count) { Lookups = prepared.Count > 0 ? prepared : null };
    }, cancellationToken);

    /// <summary>
    /// One field's words that the automaton accepts, segment by segment: each with its documents summed over the
    /// segments and, while there are at most <see cref="MaxPreparedTerms"/> words (<c>Kept</c>), its state in each.
    /// </summary>
    private static (Dictionary<string, (int Docs, TermContext? Context)> Words, bool Kept) Walk(IndexReaderContext top, string field, CompiledAutomaton automaton, CancellationToken cancellationToken)
    {
        var words = new Dictionary<string, (int Docs, TermContext? Context)>(StringComparer.Ordinal);
        var byChars = words.GetAlternateLookup<ReadOnlySpan<char>>();
        var kept = true;
        var chars = new char[64];
        var seen = 0;
        foreach (var leaf in top.Leaves)
        {
            var terms = leaf.AtomicReader.GetTerms(field);
            if (terms is null)
            {
                continue;
            }

            var iterator = automaton.GetTermsEnum(terms);
            while (iterator.MoveNext())
            {
                if ((++seen & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // The word as text without a string per segment: the dictionary makes one the first time it meets it.
                var bytes = iterator.Term;
                if (chars.Length < bytes.Length)
                {
                    chars = new char[Math.Max(bytes.Length, 2 * chars.Length)];
                }

                var length = Encoding.UTF8.GetChars(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length), chars);
                ref var word = ref CollectionsMarshal.GetValueRefOrAddDefault(byChars, chars.AsSpan(0, length), out var exists);
                word.Docs += iterator.DocFreq;
                kept &= exists || words.Count <= MaxPreparedTerms;
                if (kept)
                {
                    word.Context ??= new TermContext(top);
                    word.Context.Register(iterator.GetTermState(), leaf.Ord, iterator.DocFreq, iterator.TotalTermFreq);
                }
            }
        }

        return (words, kept);
    }

    /// <summary>
    /// The <paramref name="max"/> words found in most documents, ties by ordinal order: a bounded heap, as a common
    /// prefix or a short fuzzy word can match thousands of words and a full sort of them cost more than the search.
    /// </summary>
    internal static List<(string Term, int Docs)> MostFrequent(Dictionary<string, int> counts, int max)
    {
        // The root is the word that would be dropped first: fewest documents, then last in ordinal order.
        var worstFirst = Comparer<(int Docs, string Term)>.Create((a, b) =>
            a.Docs != b.Docs ? a.Docs.CompareTo(b.Docs) : string.CompareOrdinal(b.Term, a.Term));
        var heap = new PriorityQueue<string, (int Docs, string Term)>(worstFirst);
        foreach (var (term, docs) in counts)
        {
            if (heap.Count < max)
            {
                heap.Enqueue(term, (docs, term));
            }
            else if (heap.TryPeek(out _, out var worst) && worstFirst.Compare((docs, term), worst) > 0)
            {
                heap.DequeueEnqueue(term, (docs, term));
            }
        }

        var top = new List<(string Term, int Docs)>(heap.Count);
        while (heap.TryDequeue(out var term, out var key))
        {
            top.Add((term, key.Docs));
        }

        top.Reverse();
        return top;
    }
}
