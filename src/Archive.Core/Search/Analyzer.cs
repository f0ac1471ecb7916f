using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// The one text analyzer used for indexing, querying and highlighting: Unicode word segmentation, folding and
/// normalization, and the stemming of a <see cref="LanguageChain"/>. Stateless after construction and safe to share between threads.
/// </summary>
/// <remarks>
/// <para><b>Words.</b> A word is a run of letters, marks and digits (Unicode L*, M*, N*). Everything else separates
/// words: spaces, punctuation, symbols and emoji, including hyphens ("al-Hasakah" → al, hasakah), periods ("3.5" →
/// 3, 5), commas in numbers ("6,000" → 6, 000) and underscores. A phrase query goes through the same analysis, so
/// "al-Hasakah" and "6,000" still match as phrases. One exception: single letters joined by dots are an acronym,
/// "U.S." and "U.N." are <c>us</c> and <c>un</c> (as written "US" and "UN"), and the span includes the final dot.
/// A mark never starts a word, and Arabic tashkeel never splits one. Each Han ideograph and each Hiragana character is a word on its own, since those scripts do not separate words.
/// A run longer than <see cref="MaxTokenLength"/> code points is cut into several words.</para>
/// <para><b>Apostrophes.</b> An apostrophe (' ’ ‘) between two word characters joins them and is dropped:
/// "Sina'a", "Sina’a" and "Sinaa" are all <c>sinaa</c>; "O'Brien" is <c>obrien</c>. The transliteration marks
/// ʻ ʼ ʾ ʿ are dropped too, so "Sinaʿa" is also <c>sinaa</c>. A final "'s" is an English possessive: "Syria’s" is
/// <c>syria</c>, and the token's span still covers the whole "Syria’s". Soft hyphens and zero-width (non-)joiners
/// inside a word are dropped without splitting it. Any other apostrophe (opening a quotation, say) separates words.</para>
/// <para><b>Folding</b> (both forms): compatibility forms become the letters they stand for (Arabic presentation
/// forms, ﬁ ligatures, fullwidth letters: see <see cref="CompatibilityFolding"/>); lower case (invariant culture);
/// Latin letters lose their diacritics (see
/// <see cref="LatinFolding"/>), also when written as a base letter and combining marks; Arabic: أ إ آ ٱ → ا, ى → ي,
/// ة → ه, Persian ی → ي and ک → ك, and all Arabic combining marks (tashkeel U+064B–U+0652, superscript alef U+0670,
/// Quranic marks) and tatweel U+0640 removed; decimal digits of every script (Arabic-Indic ٠–٩, Eastern ۰–۹, …)
/// become ASCII digits.</para>
/// <para><b>Stems</b> come from a <see cref="LanguageChain"/>, chosen by the capture's language: with the default
/// chain, words of lower-case ASCII letters (after folding) get the Porter stem and words of Arabic letters the
/// <see cref="ArabicLightStemmer"/> stem; any other word (digits, mixed or other scripts) is its own stem. No stop
/// words are removed, so every word of a quoted phrase counts.</para>
/// </remarks>
internal sealed class Analyzer
{
    /// <summary>Default longest word, in code points, as in Lucene's StandardTokenizer.</summary>
    public const int DefaultMaxTokenLength = 255;

    // Folding writes at most this many UTF-16 units per code point (ﬃ → ffi, ﻷ → لا, ß → ss, a supplementary letter).
    private const int MaxFoldedLength = CompatibilityFolding.MaxLength;

    private const byte AsciiOther = 0;
    private const byte AsciiWord = 1;
    private const byte AsciiApostrophe = 2;

    private static readonly byte[] AsciiClasses = BuildAsciiClasses();

    private readonly int _maxTokenLength;

    /// <summary>Creates an analyzer. Create one per process and share it.</summary>
    /// <param name="maxTokenLength">Longest word in code points; longer runs are split.</param>
    public Analyzer(int maxTokenLength = DefaultMaxTokenLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokenLength, 1);
        _maxTokenLength = maxTokenLength;
    }

    /// <summary>Longest word, in code points.</summary>
    public int MaxTokenLength => _maxTokenLength;

    /// <summary>
    /// Names this analysis and its settings. Store it next to the index; when it changes, the index must be rebuilt.
    /// </summary>
    // 3: Turkish İ folds to i; mathematical bold, italic and other styled letters and digits fold to the plain ones.
    // 4: Russian ё folds to е (most Russian text writes е for both).
    public string Signature => $"archive-analyzer/4 chains={string.Join('+', LanguageChain.All)} snowball-porter arabic-light10-min3 persian-light sorani turkish french-light german-light russian-light maxtoken={_maxTokenLength}";

    private enum CharKind
    {
        Other,
        Word,
        Mark,
        Ideograph,
        Apostrophe,
        Joiner,
    }

    /// <summary>Splits <paramref name="text"/> into tokens with code-point offsets, stemmed by <paramref name="chain"/> (the default chain when null).</summary>
    public List<Token> Tokenize(string text, LanguageChain? chain = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>((text.Length / 6) + 1);
        Tokenize(text, tokens, chain);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>; positions start at 0.</summary>
    public void Tokenize(string text, List<Token> tokens, LanguageChain? chain = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        chain ??= LanguageChain.Default;
        var tokenStartUtf16 = 0;

        var buffer = new char[(_maxTokenLength * MaxFoldedLength) + MaxFoldedLength];
        var length = 0;
        var inToken = false;
        var tokenStart = 0;
        var runLength = 0;
        var segmentLength = 0; // code points since the token start or the last dot of an acronym
        var segmentIsLetter = false;
        var acronym = false;
        var previousLatin = false;
        var position = 0;
        var codePoint = 0;
        var i = 0;

        while (i < text.Length)
        {
            var value = ReadCodePoint(text, i, out var width);
            var kind = Classify(value, out var category);
            if (kind == CharKind.Mark && !inToken)
            {
                kind = CharKind.Other;
            }

            switch (kind)
            {
                case CharKind.Word or CharKind.Mark:
                    if (inToken && runLength >= _maxTokenLength)
                    {
                        Emit(codePoint);
                    }

                    if (!inToken)
                    {
                        inToken = true;
                        tokenStart = codePoint;
                        tokenStartUtf16 = i;
                    }

                    FoldInto(value, category, buffer, ref length, ref previousLatin);
                    runLength++;
                    segmentLength++;
                    segmentIsLetter = segmentLength == 1 && IsLetter(value, category);
                    break;

                case CharKind.Ideograph:
                    if (inToken)
                    {
                        Emit(codePoint);
                    }

                    inToken = true;
                    tokenStart = codePoint;
                    tokenStartUtf16 = i;
                    FoldInto(value, category, buffer, ref length, ref previousLatin);
                    Emit(codePoint + 1);
                    break;

                case CharKind.Apostrophe or CharKind.Joiner when inToken && IsWordAt(text, i + width):
                    if (kind == CharKind.Apostrophe && IsPossessiveS(text, i + width))
                    {
                        // Keep "'s" inside the token's span, out of its term.
                        i += width + 1;
                        codePoint += 2;
                        Emit(codePoint);
                        continue;
                    }

                    break; // joins the word on either side and is dropped

                case CharKind.Other when value == '.' && inToken && segmentLength == 1 && segmentIsLetter
                    && (acronym || runLength == 1):
                    if (IsSingleLetterAt(text, i + 1))
                    {
                        acronym = true; // U.S.A. is one word, usa
                        segmentLength = 0;
                        break;
                    }

                    if (acronym)
                    {
                        // The final dot of an acronym belongs to its span.
                        i++;
                        codePoint++;
                        Emit(codePoint);
                        continue;
                    }

                    Emit(codePoint);
                    break;

                default:
                    if (inToken)
                    {
                        Emit(codePoint);
                    }

                    break;
            }

            i += width;
            codePoint++;
        }

        if (inToken)
        {
            Emit(codePoint);
        }

        void Emit(int end)
        {
            if (length > 0)
            {
                var (term, stem) = chain.Analyse(buffer.AsSpan(0, length), Surface(text, tokenStartUtf16, end - tokenStart));
                tokens.Add(new Token(term, stem, tokenStart, end, position++));
            }

            length = 0;
            runLength = 0;
            segmentLength = 0;
            acronym = false;
            inToken = false;
            previousLatin = false;
        }
    }

    /// <summary>
    /// Applies the per-character folding of <see cref="Tokenize(string)"/> to every word character and leaves every
    /// other character (spaces, punctuation, <c>*</c>, <c>?</c>) as it is. Apostrophes and joiners inside a word are
    /// dropped. For wildcard patterns, which must not be split or stemmed.
    /// </summary>
    public static string FoldCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new char[(text.Length * MaxFoldedLength) + MaxFoldedLength];
        var length = 0;
        var previousLatin = false;
        var previousWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var value = ReadCodePoint(text, i, out var width);
            var kind = Classify(value, out var category);
            switch (kind)
            {
                case CharKind.Word or CharKind.Mark or CharKind.Ideograph:
                    FoldInto(value, category, buffer, ref length, ref previousLatin);
                    previousWord = true;
                    break;
                case CharKind.Apostrophe or CharKind.Joiner when previousWord && IsWordAt(text, i + width):
                    break;
                default:
                    text.AsSpan(i, width).CopyTo(buffer.AsSpan(length));
                    length += width;
                    previousLatin = false;
                    previousWord = false;
                    break;
            }

            i += width;
        }

        return new string(buffer, 0, length);
    }

    /// <summary>The <paramref name="codePoints"/> code points of <paramref name="text"/> from UTF-16 index <paramref name="start"/>: a word as written.</summary>
    private static ReadOnlySpan<char> Surface(string text, int start, int codePoints)
    {
        var end = start;
        for (var n = 0; n < codePoints && end < text.Length; n++)
        {
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
        }

        return text.AsSpan(start, end - start);
    }

    private static int ReadCodePoint(string text, int i, out int width)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[i + 1]);
        }

        width = 1;
        return c;
    }

    private static CharKind Classify(int value, out UnicodeCategory category)
    {
        if (value < 0x80)
        {
            category = UnicodeCategory.OtherNotAssigned; // not needed for ASCII
            return AsciiClasses[value] switch
            {
                AsciiWord => CharKind.Word,
                AsciiApostrophe => CharKind.Apostrophe,
                _ => CharKind.Other,
            };
        }

        switch (value)
        {
            case 0x2018 or 0x2019 or 0xFF07:
                category = UnicodeCategory.OtherPunctuation;
                return CharKind.Apostrophe;
            case 0x00AD or 0x200C or 0x200D or 0x2060:
                category = UnicodeCategory.Format;
                return CharKind.Joiner;
            case (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF)
                or (>= 0x20000 and <= 0x3FFFF) or (>= 0x3040 and <= 0x309F):
                category = UnicodeCategory.OtherLetter;
                return CharKind.Ideograph;
        }

        category = value <= 0xFFFF
            ? CharUnicodeInfo.GetUnicodeCategory((char)value)
            : CharUnicodeInfo.GetUnicodeCategory(value);
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber => CharKind.Word,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark => CharKind.Mark,
            _ => CharKind.Other,
        };
    }

    private static bool IsWordAt(string text, int i)
    {
        if (i >= text.Length)
        {
            return false;
        }

        var value = ReadCodePoint(text, i, out _);
        return Classify(value, out _) is CharKind.Word or CharKind.Mark;
    }

    private static bool IsLetter(int value, UnicodeCategory category) => value < 0x80
        ? char.IsAsciiLetter((char)value)
        : category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.OtherLetter;

    /// <summary>A letter standing alone before a dot or a separator: the "S" of "U.S.".</summary>
    private static bool IsSingleLetterAt(string text, int i)
    {
        if (i >= text.Length)
        {
            return false;
        }

        var value = ReadCodePoint(text, i, out var width);
        return Classify(value, out var category) == CharKind.Word && IsLetter(value, category) && !IsWordAt(text, i + width);
    }

    private static bool IsPossessiveS(string text, int i) =>
        text[i] is 's' or 'S' && !IsWordAt(text, i + 1);

    private static void FoldInto(int value, UnicodeCategory category, char[] buffer, ref int length, ref bool previousLatin)
    {
        if (value < 0x80)
        {
            var c = (char)value;
            if (c is >= 'A' and <= 'Z')
            {
                c = (char)(c | 0x20);
            }

            buffer[length++] = c;
            previousLatin = c is >= 'a' and <= 'z';
            return;
        }

        if (value is >= 0x1D400 and <= 0x1D7FF)
        {
            // Mathematical Alphanumeric Symbols (𝐁𝐨𝐥𝐝, 𝑖𝑡𝑎𝑙𝑖𝑐, 𝟙): styled letters and digits, used as bold or italic text
            // where no formatting exists (social-media posts); folded to the plain letter or digit they style.
            var plain = new Rune(value).ToString().Normalize(NormalizationForm.FormKC);
            if (plain.Length == 1)
            {
                FoldInto(plain[0], CharUnicodeInfo.GetUnicodeCategory(plain[0]), buffer, ref length, ref previousLatin);
                return;
            }
        }

        if (value > 0xFFFF)
        {
            previousLatin = false;
            if (category == UnicodeCategory.DecimalDigitNumber)
            {
                buffer[length++] = (char)('0' + (int)Rune.GetNumericValue(new Rune(value)));
                return;
            }

            length += Rune.ToLowerInvariant(new Rune(value)).EncodeToUtf16(buffer.AsSpan(length));
            return;
        }

        var ch = (char)value;
        if (ch >= '\uFB00' && CompatibilityFolding.Decompose(ch) is { } letters)
        {
            foreach (var letter in letters)
            {
                FoldInto(letter, CharUnicodeInfo.GetUnicodeCategory(letter), buffer, ref length, ref previousLatin);
            }

            return;
        }

        if (ch is >= '\u0600' and <= '\u06FF')
        {
            previousLatin = false;
            FoldArabic(ch, category, buffer, ref length);
            return;
        }

        if (ch is 'ё' or 'Ё')
        {
            buffer[length++] = 'е'; // Cyrillic ie: ёлка and елка are one word
            previousLatin = false;
            return;
        }

        var latin = LatinFolding.Fold(ch);
        if (latin is not null)
        {
            foreach (var l in latin)
            {
                buffer[length++] = l;
            }

            previousLatin = true;
            return;
        }

        if (category == UnicodeCategory.NonSpacingMark && previousLatin)
        {
            return; // a combining diacritic on a Latin letter (decomposed input)
        }

        if (ch is '\u02BB' or '\u02BC' or '\u02BE' or '\u02BF')
        {
            return; // transliteration apostrophes for hamza and ayn
        }

        if (category == UnicodeCategory.DecimalDigitNumber)
        {
            buffer[length++] = (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(ch));
            previousLatin = false;
            return;
        }

        if (category != UnicodeCategory.NonSpacingMark)
        {
            previousLatin = false;
        }

        buffer[length++] = char.ToLowerInvariant(ch);
    }

    private static void FoldArabic(char c, UnicodeCategory category, char[] buffer, ref int length)
    {
        switch (c)
        {
            case '\u0622' or '\u0623' or '\u0625' or '\u0671': // آ أ إ ٱ
                buffer[length++] = '\u0627'; // ا
                return;
            case '\u0649' or '\u06CC': // ى and Persian ی
                buffer[length++] = '\u064A'; // ي
                return;
            case '\u0629': // ة
                buffer[length++] = '\u0647'; // ه
                return;
            case '\u06A9': // Persian ک
                buffer[length++] = '\u0643'; // ك
                return;
            case '\u0640': // tatweel
                return;
            case >= '\u0660' and <= '\u0669':
                buffer[length++] = (char)('0' + (c - '\u0660'));
                return;
            case >= '\u06F0' and <= '\u06F9':
                buffer[length++] = (char)('0' + (c - '\u06F0'));
                return;
        }

        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return; // tashkeel, superscript alef, Quranic annotation marks
        }

        buffer[length++] = c;
    }

    private static byte[] BuildAsciiClasses()
    {
        var classes = new byte[128];
        for (var c = '0'; c <= '9'; c++)
        {
            classes[c] = AsciiWord;
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            classes[c] = AsciiWord;
            classes[c - 32] = AsciiWord;
        }

        classes['\''] = AsciiApostrophe;
        return classes;
    }
}
