using Archive.Core.Search;
using Archive.Core.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Feeds Lucene the tokens of Archive's own <see cref="Analyzer"/>, exact forms or one chain's stems, so the index,
/// the query and the passages share one analysis. A long text is analyzed in pieces cut at whitespace (no word
/// spans whitespace), so indexing holds the tokens of one piece at a time, never those of a whole 50 MB text. Each
/// token carries its offsets in code points into the whole text (not UTF-16 units), so the postings locate matches in
/// the contract's own unit.
/// </summary>
internal sealed class AnalyzedTokenStream : TokenStream
{
    /// <summary>Texts up to this many UTF-16 units are analyzed once and their tokens shared by the exact and stemmed fields.</summary>
    public const int SharedLimit = 1 << 20;

    private const int PieceLength = 64 * 1024;

    private readonly Analyzer? _analyzer;
    private readonly string _text;
    private readonly Func<TextReader>? _open;
    private TextReader? _reader;
    private char[]? _buffer;
    private int _buffered;
    private bool _drained;
    private readonly LanguageChain _chain;
    private readonly bool _stems;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly List<Token> _tokens;
    private readonly bool _given;
    private int _next;
    private int _pieceEnd;

    // The code-point offset of the current piece in the whole text: token offsets are code points into the text.
    private int _pieceCodePoint;
    private int _nextPieceCodePoint;

    /// <summary>Analyzes <paramref name="text"/> in pieces as Lucene reads it.</summary>
    public AnalyzedTokenStream(Analyzer analyzer, string text, LanguageChain chain, bool stems)
    {
        _analyzer = analyzer;
        _text = text;
        _chain = chain;
        _stems = stems;
        _tokens = [];
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    /// <summary>
    /// Analyzes the text <paramref name="open"/> reads (a stored text), in pieces as Lucene reads it: only a piece of
    /// the text is ever in memory. Each reset opens a new reader.
    /// </summary>
    public AnalyzedTokenStream(Analyzer analyzer, Func<TextReader> open, LanguageChain chain, bool stems)
        : this(analyzer, string.Empty, chain, stems)
    {
        _open = open ?? throw new ArgumentNullException(nameof(open));
    }

    /// <summary>Replays tokens already analyzed (shared by a text's exact and stemmed fields).</summary>
    public AnalyzedTokenStream(List<Token> tokens, bool stems)
    {
        _text = string.Empty;
        _chain = LanguageChain.Default;
        _stems = stems;
        _tokens = tokens;
        _given = true;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
    }

    public override bool IncrementToken()
    {
        while (_next >= _tokens.Count)
        {
            if (_open is not null)
            {
                if (!NextReaderPiece())
                {
                    return false;
                }

                continue;
            }

            if (_given || _pieceEnd >= _text.Length)
            {
                return false;
            }

            NextPiece();
        }

        ClearAttributes();
        var token = _tokens[_next++];
        _term.SetEmpty().Append(_stems ? token.Stem : token.Term);
        _offset.SetOffset(_pieceCodePoint + token.Start, _pieceCodePoint + token.End);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        if (!_given)
        {
            _tokens.Clear();
        }

        _next = 0;
        _pieceEnd = 0;
        _pieceCodePoint = 0;
        _nextPieceCodePoint = 0;
        if (_open is not null)
        {
            _reader?.Dispose();
            _reader = _open();
            _buffer ??= new char[PieceLength];
            _buffered = 0;
            _drained = false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader?.Dispose();
            _reader = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads and analyzes the next piece of the reader's text, cut after its last whitespace; false at the end.</summary>
    private bool NextReaderPiece()
    {
        var buffer = _buffer!;
        while (!_drained && _buffered < buffer.Length)
        {
            var read = _reader!.Read(buffer, _buffered, buffer.Length - _buffered);
            _drained = read == 0;
            _buffered += read;
        }

        if (_buffered == 0)
        {
            return false;
        }

        var end = _buffered;
        if (!_drained)
        {
            var cut = buffer.AsSpan(0, _buffered).LastIndexOfAny(' ', '\n', '\t');
            end = cut > 0 ? cut + 1 : end;
            if (end < _buffered && char.IsLowSurrogate(buffer[end]))
            {
                end++;
            }
            else if (end == _buffered && char.IsHighSurrogate(buffer[end - 1]))
            {
                end--;
            }
        }

        var piece = new string(buffer, 0, end);
        buffer.AsSpan(end, _buffered - end).CopyTo(buffer);
        _buffered -= end;
        _tokens.Clear();
        _next = 0;
        _analyzer!.Tokenize(piece, _tokens, _chain);
        _pieceCodePoint = _nextPieceCodePoint;
        _nextPieceCodePoint += CodePoints.Count(piece);
        return true;
    }

    private void NextPiece()
    {
        var start = _pieceEnd;
        var end = Math.Min(_text.Length, start + PieceLength);
        if (end < _text.Length)
        {
            var cut = _text.AsSpan(start, end - start).LastIndexOfAny(' ', '\n', '\t');
            end = cut > 0 ? start + cut + 1 : end;
            while (end < _text.Length && char.IsLowSurrogate(_text[end]))
            {
                end++;
            }
        }

        _tokens.Clear();
        _next = 0;
        var piece = _text[start..end];
        _analyzer!.Tokenize(piece, _tokens, _chain);
        _pieceEnd = end;
        _pieceCodePoint = _nextPieceCodePoint;
        _nextPieceCodePoint += CodePoints.Count(piece);
    }
}
