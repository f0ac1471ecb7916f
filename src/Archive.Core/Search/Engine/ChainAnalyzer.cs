using Archive.Core.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Archive.Core.Search.Engine;

/// <summary>
/// Archive's analysis as a Lucene.Net <see cref="Lucene.Net.Analysis.Analyzer"/>, emitting one chain's stems, for
/// Lucene components that analyze text themselves (MoreLikeThis). It reads at most <see cref="MaxChars"/> characters:
/// such components only look at the first few thousand words anyway.
/// </summary>
internal sealed class ChainAnalyzer(Analyzer analyzer, LanguageChain chain) : Lucene.Net.Analysis.Analyzer
{
    public const int MaxChars = 200_000;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(new StemTokenizer(analyzer, chain, reader));

    /// <summary>Reads the text once and replays its stems.</summary>
    private sealed class StemTokenizer : Tokenizer
    {
        private readonly Analyzer _analyzer;
        private readonly LanguageChain _chain;
        private readonly ICharTermAttribute _term;
        private List<Token> _tokens = [];
        private int _next;

        public StemTokenizer(Analyzer analyzer, LanguageChain chain, TextReader input)
            : base(input)
        {
            _analyzer = analyzer;
            _chain = chain;
            _term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_next >= _tokens.Count)
            {
                return false;
            }

            ClearAttributes();
            _term.SetEmpty().Append(_tokens[_next++].Stem);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            var buffer = new char[MaxChars];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = m_input.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
            }

            _tokens = _analyzer.Tokenize(new string(buffer, 0, read), _chain);
            _next = 0;
        }
    }
}
