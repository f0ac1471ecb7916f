using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Analysis.Ckb;
using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Ru;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Archive.Core.Search;

/// <summary>
/// The stemming half of one language's analysis chain; the other half, word segmentation and folding, is the
/// <see cref="Analyzer"/>'s and the same for every language, so exact forms (phrases, prefixes, wildcards, fuzzy
/// terms) never depend on a language. A capture is analysed with the chain of its <c>language</c> field
/// (<see cref="For"/>); each word is stemmed by the chain's stemmer for the word's script, so an English report that
/// quotes Arabic still gets Arabic stems for the quote.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>chain</term><description>Latin · Arabic script · Cyrillic</description></listheader>
/// <item><term>default</term><description>unknown or other languages: Porter · Arabic light · Russian light (what Archive did before chains)</description></item>
/// <item><term>en</term><description>Porter (Snowball's original Porter, no stop words) · Arabic light · Russian light</description></item>
/// <item><term>ar</term><description>Porter · <see cref="ArabicLightStemmer"/> (at least three letters) · Russian light</description></item>
/// <item><term>fa</term><description>Porter · Lucene's Persian normalization (done by folding) and <see cref="PersianLightStemmer"/> · Russian light</description></item>
/// <item><term>ckb</term><description>Porter · Lucene's Sorani normalizer and stemmer, on the word as written · Russian light</description></item>
/// <item><term>tr</term><description>Snowball Turkish on the word lower-cased the Turkish way, cut at its apostrophe (Suriye'de → suriye) · Arabic light · Russian light</description></item>
/// <item><term>fr</term><description>Lucene's French light stemmer, after elision (l'armée → armée) · Arabic light · Russian light</description></item>
/// <item><term>de</term><description>Lucene's German light stemmer (after folding, as its normalization filter would) · Arabic light · Russian light</description></item>
/// <item><term>ru</term><description>Porter · Arabic light · Lucene's Russian light stemmer</description></item>
/// </list>
/// Stems are folded like exact forms. No chain removes stop words: every word of a quoted phrase counts.
/// </remarks>
internal sealed class LanguageChain
{
    private static readonly string[] FrenchElisions = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"];

    [ThreadStatic]
    private static PorterStemmer? t_porter;

    [ThreadStatic]
    private static TurkishStemmer? t_turkish;

    private readonly Latin _latin;
    private readonly ArabicScript _arabic;

    private LanguageChain(string name, Latin latin, ArabicScript arabic)
    {
        Name = name;
        _latin = latin;
        _arabic = arabic;
    }

    private enum Latin
    {
        Porter,
        Turkish,
        French,
        German,
    }

    private enum ArabicScript
    {
        Arabic,
        Persian,
        Sorani,
    }

    /// <summary>For captures with no language, or one without a chain of its own.</summary>
    public static LanguageChain Default { get; } = new("default", Latin.Porter, ArabicScript.Arabic);

    /// <summary>Every chain, the default first. Index fields and query alternatives are made per chain.</summary>
    public static IReadOnlyList<LanguageChain> All { get; } =
    [
        Default,
        new("en", Latin.Porter, ArabicScript.Arabic),
        new("ar", Latin.Porter, ArabicScript.Arabic),
        new("fa", Latin.Porter, ArabicScript.Persian),
        new("ckb", Latin.Porter, ArabicScript.Sorani),
        new("tr", Latin.Turkish, ArabicScript.Arabic),
        new("fr", Latin.French, ArabicScript.Arabic),
        new("de", Latin.German, ArabicScript.Arabic),
        new("ru", Latin.Porter, ArabicScript.Arabic),
    ];

    /// <summary>The chain's name: a primary language subtag, or <c>default</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The chain for a BCP 47 language tag, by its primary subtag (<c>en-GB</c> → en; Central Kurdish may be written
    /// <c>ckb</c> or <c>ku-Arab</c>); <see cref="Default"/> for null, malformed or unknown tags.
    /// </summary>
    public static LanguageChain For(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return Default;
        }

        var tag = language.Trim().ToLowerInvariant();
        var primary = tag.Split('-', 2)[0];
        if (primary == "ku" && tag.Contains("-arab", StringComparison.Ordinal))
        {
            primary = "ckb";
        }

        foreach (var chain in All)
        {
            if (chain.Name == primary)
            {
                return chain;
            }
        }

        return Default;
    }

    /// <summary>How many distinct words each chain remembers (about 12 MB at most): the common vocabulary of a language.</summary>
    private const int MaxRemembered = 100_000;

    // Folded word -> (the same word as one shared string, its stem), for the words whose stem depends on nothing but
    // their folded form. Indexing and passages analyse the same common words again and again, and a stemmer (Snowball
    // allocates per word) costs far more than a lookup. Full: no new words are added, none evicted.
    private readonly ConcurrentDictionary<string, (string Term, string Stem)> _words = new(StringComparer.Ordinal);
    private int _remembered;

    /// <summary>
    /// The folded word <paramref name="folded"/> as a string and its <see cref="Stem"/>, from the chain's memory of
    /// words when the stem depends on the folded form alone (every stemmer but Turkish and French for Latin script and
    /// Sorani for Arabic script, which read the word as written).
    /// </summary>
    public (string Term, string Stem) Analyse(ReadOnlySpan<char> folded, ReadOnlySpan<char> surface)
    {
        var lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(folded, out var known))
        {
            return known;
        }

        var term = new string(folded);
        var stem = Stem(term, surface);
        if (ReadsSurface(term) || Volatile.Read(ref _remembered) >= MaxRemembered)
        {
            return (term, stem);
        }

        if (_words.TryAdd(term, (term, stem)))
        {
            Interlocked.Increment(ref _remembered);
        }

        return (term, stem);
    }

    private bool ReadsSurface(string term) => ScriptOf(term) switch
    {
        Script.Latin => _latin is Latin.Turkish or Latin.French,
        Script.Arabic => _arabic == ArabicScript.Sorani,
        _ => false,
    };

    /// <summary>
    /// The stem of a word whose folded exact form is <paramref name="term"/> and which was written as
    /// <paramref name="surface"/> in the text (before folding). Digits, mixed and other scripts are their own stem.
    /// </summary>
    public string Stem(string term, ReadOnlySpan<char> surface)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length == 0)
        {
            return term;
        }

        return ScriptOf(term) switch
        {
            Script.Latin => StemLatin(term, surface),
            Script.Arabic => StemArabic(term, surface),
            Script.Cyrillic => Light(new RussianLightStemmer().Stem, term),
            _ => term,
        };
    }

    public override string ToString() => Name;

    private enum Script
    {
        Other,
        Latin,
        Arabic,
        Cyrillic,
    }

    private static Script ScriptOf(string term)
    {
        bool latin = true, arabic = true, cyrillic = true;
        foreach (var c in term)
        {
            latin &= c is >= 'a' and <= 'z';
            arabic &= c is >= '\u0620' and <= '\u06FF' or >= '\u0750' and <= '\u077F' && char.IsLetter(c);
            cyrillic &= c is >= '\u0430' and <= '\u045F';
        }

        return latin ? Script.Latin : arabic ? Script.Arabic : cyrillic ? Script.Cyrillic : Script.Other;
    }

    private string StemLatin(string term, ReadOnlySpan<char> surface)
    {
        switch (_latin)
        {
            case Latin.Turkish:
                // Turkish needs its dotted and dotless i and its letters with cedilla and breve: stem what was written.
                var written = TurkishLower(WordOnly(surface, cutAtApostrophe: true));
                return written.Length == 0 ? term : Analyzer.FoldCharacters(Snowball(t_turkish ??= new TurkishStemmer(), written));
            case Latin.French:
                var elided = Elide(WordOnly(surface, cutAtApostrophe: false).ToLowerInvariant());
                return Light(new FrenchLightStemmer().Stem, Analyzer.FoldCharacters(elided));
            case Latin.German:
                return Light(new GermanLightStemmer().Stem, term);
            default:
                return Snowball(t_porter ??= new PorterStemmer(), term);
        }
    }

    /// <summary>
    /// Lower-cases the Turkish way: I to dotless ı, İ to i, every other letter as everywhere. By hand rather than with
    /// the tr-TR culture, which a process without ICU (globalization-invariant mode, the default of .NET's Alpine
    /// images) does not have: there, asking for it threw in this class's initializer, and no search could run.
    /// </summary>
    internal static string TurkishLower(string word) =>
        string.Create(word.Length, word, static (lower, word) =>
        {
            for (var i = 0; i < word.Length; i++)
            {
                lower[i] = word[i] switch
                {
                    'I' => '\u0131',
                    '\u0130' => 'i',
                    var c => char.ToLowerInvariant(c),
                };
            }
        });

    private string StemArabic(string term, ReadOnlySpan<char> surface)
    {
        switch (_arabic)
        {
            case ArabicScript.Persian:
                return PersianLightStemmer.Stem(term);
            case ArabicScript.Sorani:
                // Sorani's own letters (ە ێ ۆ ڕ ڵ) and its yeh and keheh must reach its stemmer as written.
                var written = WordOnly(surface, cutAtApostrophe: false).Replace("'", string.Empty, StringComparison.Ordinal).ToCharArray();
                if (written.Length == 0)
                {
                    return term;
                }

                var length = new SoraniNormalizer().Normalize(written, written.Length);
                length = new SoraniStemmer().Stem(written, length);
                var stem = Analyzer.FoldCharacters(new string(written, 0, length));
                return stem.Length == 0 ? term : stem;
            default:
                // The light stemmer knows the 28 letters of Arabic; a word with Persian or Kurdish letters keeps its form.
                return term.All(ArabicLightStemmer.IsArabicLetter) ? ArabicLightStemmer.Stem(term) : term;
        }
    }

    private static string Snowball(SnowballProgram stemmer, string word)
    {
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    private static string Light(Func<char[], int, int> stem, string term)
    {
        var buffer = term.ToCharArray();
        var length = stem(buffer, buffer.Length);
        return length <= 0 ? term : new string(buffer, 0, length);
    }

    /// <summary>The letters of a written word: apostrophes, joiners and soft hyphens dropped, or the word cut at its first apostrophe.</summary>
    private static string WordOnly(ReadOnlySpan<char> surface, bool cutAtApostrophe)
    {
        var builder = new System.Text.StringBuilder(surface.Length);
        foreach (var c in surface)
        {
            if (c is '\'' or '\u2019' or '\u2018' or '\u02BC')
            {
                if (cutAtApostrophe && builder.Length > 0)
                {
                    break;
                }

                builder.Append('\'');
                continue;
            }

            if (c is '\u00AD' or '\u200C' or '\u200D')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>French elision: <c>l'armée</c> → <c>armée</c>; any other apostrophe is dropped.</summary>
    private static string Elide(string word)
    {
        var apostrophe = word.IndexOf('\'', StringComparison.Ordinal);
        if (apostrophe > 0 && Array.IndexOf(FrenchElisions, word[..apostrophe]) >= 0 && apostrophe + 1 < word.Length)
        {
            word = word[(apostrophe + 1)..];
        }

        return word.Replace("'", string.Empty, StringComparison.Ordinal);
    }
}
