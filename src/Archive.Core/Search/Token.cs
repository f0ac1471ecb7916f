namespace Archive.Core.Search;

/// <summary>
/// One word found by <see cref="Analyzer"/>: its two indexed forms and where it sits in the analyzed text.
/// </summary>
/// <param name="Term">
/// The exact form: case-folded, Latin diacritics folded, Arabic normalized, never stemmed. Quoted phrases match this form.
/// </param>
/// <param name="Stem">
/// The stemmed form (Porter for English words, light prefix and suffix stripping for Arabic words, otherwise
/// <paramref name="Term"/> itself). Unquoted terms match this form.
/// </param>
/// <param name="Start">Offset of the first code point of the word in the input, counted in Unicode code points.</param>
/// <param name="End">Offset just past the word, in code points (end exclusive). The span covers a dropped possessive "'s".</param>
/// <param name="Position">Ordinal of the token in the input, 0-based, with no gaps.</param>
internal readonly record struct Token(string Term, string Stem, int Start, int End, int Position);
