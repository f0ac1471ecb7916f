namespace Archive.Core.Search.Semantic;

/// <summary>
/// Splits a text into chunks the embedding model takes whole: sentences (ended by <c>. ! ? ؟</c> before a space, or
/// a line break) are packed in order until the next would pass <see cref="TargetPieces"/> word pieces; a sentence
/// longer than that is cut between words. Every non-blank character of the text lies in exactly one chunk, so nothing
/// is dropped, and each chunk keeps its code-point range so a hit found by meaning cites it like any other passage.
/// </summary>
internal sealed class TextChunker(ITextEmbedder embedder, int targetPieces = TextChunker.TargetPieces)
{
    /// <summary>The model (all-MiniLM-L6-v2) was trained on inputs of up to 128 word pieces and reads at most 256 well; passages of this size also read well in a hit.</summary>
    public const int TargetPieces = 128;

    /// <summary>The chunks of <paramref name="text"/> in order; none for a blank text.</summary>
    public IReadOnlyList<TextChunk> Split(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var limit = Math.Clamp(targetPieces, 8, embedder.MaxPieces);
        var chunks = new List<TextChunk>();
        var open = -1;
        var close = -1;
        var pieces = 0;
        foreach (var (start, end) in Sentences(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = embedder.CountPieces(text[start..end]);
            if (count > limit)
            {
                Flush();
                foreach (var (wordsStart, wordsEnd, wordsCount) in Windows(text, start, end, limit))
                {
                    chunks.Add(Chunk(wordsStart, wordsEnd, wordsCount));
                }

                continue;
            }

            if (open >= 0 && pieces + count > limit)
            {
                Flush();
            }

            if (open < 0)
            {
                open = start;
            }

            close = end;
            pieces += count;
        }

        Flush();
        return ToCodePoints(text, chunks);

        void Flush()
        {
            if (open >= 0)
            {
                chunks.Add(Chunk(open, close, pieces));
            }

            open = -1;
            pieces = 0;
        }

        static TextChunk Chunk(int start, int end, int count) => new(start, end, count);
    }

    /// <summary>The sentences of a text as UTF-16 ranges, trimmed of white space; blank ones left out.</summary>
    public static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ends = c is '\n' or '\r' || (c is '.' or '!' or '?' or '؟' or '。' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (ends)
            {
                if (Trim(text, start, i + 1) is { } sentence)
                {
                    yield return sentence;
                }

                start = i + 1;
            }
        }

        if (Trim(text, start, text.Length) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Cuts a sentence longer than <paramref name="limit"/> pieces between words into windows that fit.</summary>
    private IEnumerable<(int Start, int End, int Pieces)> Windows(string text, int start, int end, int limit)
    {
        var open = -1;
        var close = -1;
        var pieces = 0;
        foreach (var (wordStart, wordEnd) in Words(text, start, end))
        {
            var count = embedder.CountPieces(text[wordStart..wordEnd]);
            if (open >= 0 && pieces + count > limit)
            {
                yield return (open, close, pieces);
                open = -1;
                pieces = 0;
            }

            if (open < 0)
            {
                open = wordStart;
            }

            close = wordEnd;
            pieces += count;
        }

        if (open >= 0)
        {
            yield return (open, close, pieces);
        }
    }

    private static IEnumerable<(int Start, int End)> Words(string text, int start, int end)
    {
        var i = start;
        while (i < end)
        {
            while (i < end && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var wordStart = i;
            while (i < end && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > wordStart)
            {
                yield return (wordStart, i);
            }
        }
    }

    private static (int Start, int End)? Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end > start ? (start, end) : null;
    }

    /// <summary>UTF-16 ranges to code-point ranges, in one pass (the chunks are in text order).</summary>
    private static List<TextChunk> ToCodePoints(string text, List<TextChunk> chunks)
    {
        var result = new List<TextChunk>(chunks.Count);
        var utf16 = 0;
        var codePoints = 0;
        foreach (var chunk in chunks)
        {
            var start = Advance(chunk.Start);
            var end = Advance(chunk.End);
            result.Add(chunk with { Start = start, End = end });
        }

        return result;

        int Advance(int to)
        {
            while (utf16 < to)
            {
                utf16 += char.IsSurrogatePair(text, utf16) ? 2 : 1;
                codePoints++;
            }

            return codePoints;
        }
    }
}
