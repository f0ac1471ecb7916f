using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Archive.Benchmarks;

/// <summary>
/// The raw Lucene.Net column's analysis, one chain per field: <see cref="StemField"/> is stemmed (English: possessives
/// and Porter, like EnglishAnalyzer but keeping stopwords; Arabic: normalisation and light stemming) and
/// <see cref="ExactField"/> is only lower-cased (and, for Arabic, normalised) for phrases, prefixes and fuzzy terms.
/// </summary>
internal sealed class LuceneBenchAnalyzer(bool arabic) : Analyzer(PER_FIELD_REUSE_STRATEGY)
{
    /// <summary>The stemmed field.</summary>
    public const string StemField = "stem";

    /// <summary>The unstemmed field, with stopwords kept.</summary>
    public const string ExactField = "exact";

    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The tokens of <paramref name="text"/> as <paramref name="field"/> indexes them.</summary>
    public List<string> Tokens(string field, string text)
    {
        var tokens = new List<string>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, source);
        var stem = fieldName == StemField;
        if (arabic)
        {
            stream = new ArabicNormalizationFilter(stream);
            if (stem)
            {
                stream = new ArabicStemFilter(stream);
            }
        }
        else if (stem)
        {
            stream = new PorterStemFilter(new EnglishPossessiveFilter(Version, stream));
        }

        return new TokenStreamComponents(source, stream);
    }
}
