namespace Archive.Core.Search;

/// <summary>
/// The Porter (1980) suffix-stripping algorithm for English, as published in M. F. Porter, "An algorithm for suffix
/// stripping", Program 14(3), 130–137. It follows the paper's rule tables (step 2 has ABLI → ABLE, no LOGI rule), and,
/// like the reference implementation, leaves words of one or two letters alone.
/// </summary>
/// <remarks>
/// Input must be lower-case ASCII letters; any other word is returned unchanged. Thread-safe and allocation-free
/// unless the word changes.
/// </remarks>
internal static class PorterStemmer
{
    // Rules of each step as (suffix, replacement) pairs. Within a step only the rule with the longest matching suffix
    // is considered; if its condition fails, the step does nothing (the paper's "longest match" convention).
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize",
    ];

    private const int StackLimit = 128;

    /// <summary>Returns the Porter stem of a lower-case ASCII word, or the word itself if it is not one.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2)
        {
            return word;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return word;
            }
        }

        // Step 1b may add one letter after removing at least two, so the word's length is enough room.
        Span<char> b = word.Length <= StackLimit ? stackalloc char[word.Length] : new char[word.Length];
        word.AsSpan().CopyTo(b);
        var k = b.Length;
        k = Step1A(b, k);
        k = Step1B(b, k);
        k = Step1C(b, k);
        k = ApplyLongest(b, k, Step2Rules, minMeasure: 1);
        k = ApplyLongest(b, k, Step3Rules, minMeasure: 1);
        k = Step4(b, k);
        k = Step5A(b, k);
        k = Step5B(b, k);

        var stem = b[..k];
        return stem.SequenceEqual(word) ? word : new string(stem);
    }

    private static int Step1A(Span<char> b, int k)
    {
        if (EndsWith(b, k, "sses") || EndsWith(b, k, "ies"))
        {
            return k - 2;
        }

        if (EndsWith(b, k, "ss"))
        {
            return k;
        }

        return EndsWith(b, k, "s") ? k - 1 : k;
    }

    private static int Step1B(Span<char> b, int k)
    {
        if (EndsWith(b, k, "eed"))
        {
            return Measure(b, k - 3) > 0 ? k - 1 : k;
        }

        int stemLength;
        if (EndsWith(b, k, "ed") && ContainsVowel(b, k - 2))
        {
            stemLength = k - 2;
        }
        else if (EndsWith(b, k, "ing") && ContainsVowel(b, k - 3))
        {
            stemLength = k - 3;
        }
        else
        {
            return k;
        }

        k = stemLength;
        if (EndsWith(b, k, "at") || EndsWith(b, k, "bl") || EndsWith(b, k, "iz"))
        {
            b[k] = 'e';
            return k + 1;
        }

        if (EndsWithDoubleConsonant(b, k) && b[k - 1] is not ('l' or 's' or 'z'))
        {
            return k - 1;
        }

        if (Measure(b, k) == 1 && EndsWithCvc(b, k))
        {
            b[k] = 'e';
            return k + 1;
        }

        return k;
    }

    private static int Step1C(Span<char> b, int k)
    {
        if (EndsWith(b, k, "y") && ContainsVowel(b, k - 1))
        {
            b[k - 1] = 'i';
        }

        return k;
    }

    private static int ApplyLongest(Span<char> b, int k, (string Suffix, string Replacement)[] rules, int minMeasure)
    {
        var best = -1;
        for (var i = 0; i < rules.Length; i++)
        {
            if (EndsWith(b, k, rules[i].Suffix) && (best < 0 || rules[i].Suffix.Length > rules[best].Suffix.Length))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return k;
        }

        var (suffix, replacement) = rules[best];
        var stemLength = k - suffix.Length;
        if (Measure(b, stemLength) < minMeasure)
        {
            return k;
        }

        // Replacements are never longer than their suffixes, so they fit in place.
        replacement.AsSpan().CopyTo(b[stemLength..]);
        return stemLength + replacement.Length;
    }

    private static int Step4(Span<char> b, int k)
    {
        string? best = null;
        foreach (var suffix in Step4Suffixes)
        {
            if (EndsWith(b, k, suffix) && (best is null || suffix.Length > best.Length))
            {
                best = suffix;
            }
        }

        if (best is null)
        {
            return k;
        }

        var stemLength = k - best.Length;
        if (best == "ion" && (stemLength == 0 || b[stemLength - 1] is not ('s' or 't')))
        {
            return k;
        }

        return Measure(b, stemLength) > 1 ? stemLength : k;
    }

    private static int Step5A(Span<char> b, int k)
    {
        if (!EndsWith(b, k, "e"))
        {
            return k;
        }

        var m = Measure(b, k - 1);
        return m > 1 || (m == 1 && !EndsWithCvc(b, k - 1)) ? k - 1 : k;
    }

    private static int Step5B(Span<char> b, int k) =>
        b[k - 1] == 'l' && EndsWithDoubleConsonant(b, k) && Measure(b, k) > 1 ? k - 1 : k;

    /// <summary>A consonant is a letter other than a, e, i, o, u, and other than y preceded by a consonant.</summary>
    private static bool IsConsonant(ReadOnlySpan<char> b, int i) => b[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(b, i - 1),
        _ => true,
    };

    /// <summary>The paper's m: the number of vowel-consonant sequences in [C](VC)^m[V] over the first k letters.</summary>
    private static int Measure(ReadOnlySpan<char> b, int k)
    {
        var m = 0;
        var i = 0;
        while (i < k && IsConsonant(b, i))
        {
            i++;
        }

        while (i < k)
        {
            while (i < k && !IsConsonant(b, i))
            {
                i++;
            }

            if (i >= k)
            {
                break;
            }

            while (i < k && IsConsonant(b, i))
            {
                i++;
            }

            m++;
        }

        return m;
    }

    private static bool ContainsVowel(ReadOnlySpan<char> b, int k)
    {
        for (var i = 0; i < k; i++)
        {
            if (!IsConsonant(b, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithDoubleConsonant(ReadOnlySpan<char> b, int k) =>
        k >= 2 && b[k - 1] == b[k - 2] && IsConsonant(b, k - 1);

    /// <summary>The paper's *o: the stem ends consonant-vowel-consonant and the last consonant is not w, x or y.</summary>
    private static bool EndsWithCvc(ReadOnlySpan<char> b, int k) =>
        k >= 3
        && IsConsonant(b, k - 3)
        && !IsConsonant(b, k - 2)
        && IsConsonant(b, k - 1)
        && b[k - 1] is not ('w' or 'x' or 'y');

    private static bool EndsWith(ReadOnlySpan<char> b, int k, string suffix) =>
        k >= suffix.Length && b[(k - suffix.Length)..k].SequenceEqual(suffix);
}
