using Archive.Core.Metadata;
using System.Globalization;
using System.Text;

namespace Archive.Core.Search;

/// <summary>
/// Parses Lucene classic query syntax into a <see cref="Query"/> tree. Syntax errors and broken limits are values
/// (<see cref="QuerySyntaxError"/>), never exceptions. Stateless after construction and safe to share between threads.
/// </summary>
/// <remarks>
/// <para><b>Operators.</b> <c>NOT</c>/<c>!</c> binds tightest, then <c>AND</c>/<c>&amp;&amp;</c>, then
/// <c>OR</c>/<c>||</c>, as in ordinary Boolean logic (Lucene's classic parser has no real precedence; this parser does,
/// so <c>a AND b OR c</c> is <c>(a AND b) OR c</c>). Operator words count only in capitals; <c>and</c> is a word.
/// Clauses side by side take the default operator, <see cref="DefaultOperator.And"/> unless configured: a researcher
/// who adds a word expects fewer, more precise hits, and counts and facets that mean "documents with all of these",
/// as in Aleph's and most archives' search boxes. Lucene's default is OR; <see cref="QueryParserOptions"/> offers it.
/// <c>+a</c> makes a clause required and <c>-a</c> excludes it, as in Lucene: <c>+a b</c> under OR means "a, ranked
/// higher with b". A negated clause always excludes from the group it is in, so <c>a OR -b</c> is "a and not b",
/// and a query of negated clauses only (<c>-a</c>) matches every document except those.
/// <c>+</c>, <c>-</c> and <c>!</c> are operators only at the start of a clause: "al-Hasakah" is one term.</para>
/// <para><b>Leaves.</b> <c>term</c>; <c>"phrase"</c> and <c>"phrase"~N</c> (N ≤ <see cref="QueryParserOptions.MaxSlop"/>);
/// <c>prefix*</c>; wildcards <c>te?t</c> and <c>t*t</c>; fuzzy <c>term~</c> (2 edits) and <c>term~0</c>…<c>term~2</c>;
/// <c>=term</c> and <c>="phrase"</c> switch off alias expansion; <c>field:leaf</c> and <c>field:(group)</c> for
/// the fields of <see cref="QueryField"/> (names ignore case); <c>published:[2026-01-01 TO 2026-01-31]</c>,
/// <c>{…}</c> for exclusive ends, <c>*</c> for an open end, or a bare <c>published:2026-01</c>. <c>*</c> alone (or
/// <c>*:*</c>) matches every document. Wildcards need <see cref="QueryParserOptions.MinWildcardPrefix"/> leading
/// characters (<c>*ing</c> is an error), so a backend can scan a bounded part of the vocabulary. <c>\</c> escapes
/// any character. Wildcards inside quotes are literal. Boosts (<c>^2</c>) and regular expressions (<c>/…/</c>) are
/// not supported and say so.</para>
/// <para><b>Hostile input.</b> At most <see cref="QueryParserOptions.MaxLength"/> code points,
/// <see cref="QueryParserOptions.MaxClauses"/> leaves and <see cref="QueryParserOptions.MaxDepth"/> nested
/// parentheses (recursion is bounded by that depth). Tab, CR and LF are spaces; other control characters are
/// rejected, as are unpaired surrogates. Bidirectional marks and embeddings (U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069, U+061C) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen) are removed before
/// parsing, since they are invisible when a query is pasted. Emoji are ordinary characters. Error columns refer to
/// the query as typed, in code points, 1-based.</para>
/// </remarks>
internal sealed class QueryParser
{
    private readonly QueryParserOptions _options;

    /// <summary>Creates a parser. Create one per process and share it.</summary>
    public QueryParser(QueryParserOptions? options = null)
    {
        _options = options ?? QueryParserOptions.Default;
    }

    /// <summary>The options this parser applies.</summary>
    public QueryParserOptions Options => _options;

    /// <summary>Parses a query.</summary>
    public ParseResult Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new State(_options).Run(query);
    }

    private enum Modifier
    {
        None,
        Plus,
        Minus,
    }

    private const string AnyClause = "a term, a \"phrase\" or '('";

    /// <summary>One parse: the cleaned query, the cursor and the counters.</summary>
    private sealed class State(QueryParserOptions options)
    {
        private string _text = string.Empty;
        private int[] _columns = [];
        private int _pos;
        private int _depth;
        private int _leaves;
        private QuerySyntaxError? _error;

        private bool AtEnd => _pos >= _text.Length;

        private char Peek => _text[_pos];

        public ParseResult Run(string query)
        {
            if (!Clean(query))
            {
                return ParseResult.Failure(_error!);
            }

            SkipWhitespace();
            if (AtEnd)
            {
                return ParseResult.Failure(new QuerySyntaxError(1, "the query is empty", AnyClause));
            }

            var result = ParseOr(field: null);
            if (result is null)
            {
                return ParseResult.Failure(_error!);
            }

            SkipWhitespace();
            if (!AtEnd)
            {
                // ParseOr stops only at the end or at ')'.
                Fail(_pos, "this ')' has no matching '('", "a '(' earlier in the query, or \\) to search for the character");
                return ParseResult.Failure(_error!);
            }

            return ParseResult.Success(result);
        }

        /// <summary>Checks limits and characters, removes invisible ones, and records each char's column.</summary>
        private bool Clean(string query)
        {
            // Even a query of only surrogate pairs longer than this has too many code points.
            if (query.Length > 2 * options.MaxLength)
            {
                return FailAt(options.MaxLength + 1, TooLong(), "a shorter query");
            }

            var text = new StringBuilder(query.Length);
            var columns = new List<int>(query.Length + 1);
            var column = 0;
            for (var i = 0; i < query.Length; i++)
            {
                var c = query[i];
                column++;
                if (column > options.MaxLength)
                {
                    return FailAt(column, TooLong(), "a shorter query");
                }

                if (char.IsSurrogate(c))
                {
                    if (char.IsHighSurrogate(c) && i + 1 < query.Length && char.IsLowSurrogate(query[i + 1]))
                    {
                        text.Append(c).Append(query[i + 1]);
                        columns.Add(column);
                        columns.Add(column);
                        i++;
                        continue;
                    }

                    return FailAt(column, "an unpaired UTF-16 surrogate is not a character", "valid Unicode text");
                }

                if (c is '\t' or '\n' or '\r')
                {
                    text.Append(' ');
                    columns.Add(column);
                    continue;
                }

                if (char.IsControl(c))
                {
                    return FailAt(
                        column,
                        $"the control character U+{(int)c:X4} is not allowed",
                        "printable text (remove the character)");
                }

                if (IsInvisible(c))
                {
                    continue;
                }

                text.Append(c);
                columns.Add(column);
            }

            columns.Add(column + 1);
            _text = text.ToString();
            _columns = [.. columns];
            return true;

            string TooLong() => string.Create(
                CultureInfo.InvariantCulture,
                $"the query is longer than {options.MaxLength:N0} characters");
        }

        private static bool IsInvisible(char c) =>
            c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
                or '\u061C' or '\u2060' or '\uFEFF' or '\u00AD' or '\u180E';

        /// <summary>or-expression := and-expression ((OR | ||) and-expression)*</summary>
        private Query? ParseOr(QueryField? field)
        {
            var operands = new List<(Query Query, Modifier Modifier)>();
            if (!ParseAnd(field, out var first, out var firstModifier))
            {
                return null;
            }

            operands.Add((first, firstModifier));
            while (true)
            {
                SkipWhitespace();
                if (AtEnd || Peek == ')')
                {
                    break;
                }

                var operatorPos = _pos;
                if (TryOperator("OR") || TryOperator("||"))
                {
                    SkipWhitespace();
                    if (AtEnd || Peek == ')')
                    {
                        return Fail(operatorPos, "OR has nothing after it", AnyClause + " after OR");
                    }
                }
                else if (options.DefaultOperator != DefaultOperator.Or)
                {
                    return Fail(_pos, $"unexpected '{Peek}'", "an operator or the end of the query");
                }

                if (!ParseAnd(field, out var next, out var modifier))
                {
                    return null;
                }

                operands.Add((next, modifier));
            }

            if (operands.Count == 1)
            {
                var (query, modifier) = operands[0];
                return modifier == Modifier.Minus ? new BooleanQuery([new BooleanClause(Occur.MustNot, query)]) : query;
            }

            var clauses = new List<BooleanClause>(operands.Count);
            foreach (var (query, modifier) in operands)
            {
                clauses.Add(new BooleanClause(
                    modifier switch
                    {
                        Modifier.Plus => Occur.Must,
                        Modifier.Minus => Occur.MustNot,
                        _ => Occur.Should,
                    },
                    query));
            }

            return new BooleanQuery(clauses);
        }

        /// <summary>and-expression := clause ((AND | &amp;&amp; | implicit) clause)*</summary>
        private bool ParseAnd(QueryField? field, out Query query, out Modifier modifier)
        {
            query = null!;
            modifier = Modifier.None;
            var operands = new List<(Query Query, Modifier Modifier)>();
            if (!ParseClause(field, out var first, out var firstModifier))
            {
                return false;
            }

            operands.Add((first, firstModifier));
            while (true)
            {
                SkipWhitespace();
                if (AtEnd || Peek == ')' || OperatorAhead("OR") || OperatorAhead("||"))
                {
                    break;
                }

                var operatorPos = _pos;
                if (TryOperator("AND") || TryOperator("&&"))
                {
                    SkipWhitespace();
                    if (AtEnd || Peek == ')')
                    {
                        return Reject(operatorPos, "AND has nothing after it", AnyClause + " after AND");
                    }
                }
                else if (options.DefaultOperator != DefaultOperator.And)
                {
                    break; // side by side under OR: the or-expression joins them
                }

                if (!ParseClause(field, out var next, out var nextModifier))
                {
                    return false;
                }

                operands.Add((next, nextModifier));
            }

            if (operands.Count == 1)
            {
                (query, modifier) = operands[0];
                return true;
            }

            var clauses = new List<BooleanClause>(operands.Count);
            foreach (var (operand, operandModifier) in operands)
            {
                clauses.Add(new BooleanClause(operandModifier == Modifier.Minus ? Occur.MustNot : Occur.Must, operand));
            }

            query = new BooleanQuery(clauses);
            return true;
        }

        /// <summary>clause := [+ | - | ! | NOT] [field:] [=] (term | "phrase" | range | '(' or-expression ')')</summary>
        private bool ParseClause(QueryField? field, out Query query, out Modifier modifier)
        {
            query = null!;
            modifier = Modifier.None;
            var start = _pos;

            if (OperatorAhead("AND") || OperatorAhead("&&") || OperatorAhead("OR") || OperatorAhead("||"))
            {
                var word = _text[_pos] is '&' or '|' ? _text.Substring(_pos, 2) : (Peek == 'A' ? "AND" : "OR");
                return Reject(
                    _pos,
                    $"{word} needs a clause on each side",
                    $"{AnyClause} before {word}, or \\{word} to search for the word");
            }

            if (Peek is '+' or '-')
            {
                modifier = Peek == '+' ? Modifier.Plus : Modifier.Minus;
                var sign = Peek;
                _pos++;
                if (AtEnd || char.IsWhiteSpace(Peek))
                {
                    return Reject(
                        start,
                        $"'{sign}' must be written right before the clause it applies to",
                        $"{sign}term with no space, or \\{sign} to search for the character");
                }
            }
            else if (Peek == '!' || OperatorAhead("NOT"))
            {
                modifier = Modifier.Minus;
                var word = Peek == '!' ? "!" : "NOT";
                _pos += word.Length;
                SkipWhitespace();
                if (AtEnd || Peek == ')')
                {
                    return Reject(start, $"{word} has nothing after it", $"{AnyClause} after {word}");
                }
            }

            if (Peek is '+' or '-' or '!' || OperatorAhead("NOT") || OperatorAhead("AND") || OperatorAhead("OR"))
            {
                return Reject(_pos, "two operators in a row", AnyClause);
            }

            var primary = ParsePrimary(field);
            if (primary is null)
            {
                return false;
            }

            query = primary;
            return true;
        }

        private Query? ParsePrimary(QueryField? field)
        {
            var start = _pos;
            if (StartsWithDelimited("*:*"))
            {
                _pos += 3;
                return CountLeaf(start, new MatchAllQuery());
            }

            if (TryReadFieldName(out var name))
            {
                if (!QueryFields.TryParse(name, out var named))
                {
                    var hint = name.Equals("sha256", StringComparison.OrdinalIgnoreCase)
                        ? "id:sha256:… to find a capture by its hash"
                        : $"one of {QueryFields.KnownNames}; or \\: to search for a colon";
                    return Fail(start, $"unknown field '{name}'", hint);
                }

                field = named;
                _pos += name.Length + 1;
                SkipWhitespace();
                if (AtEnd || Peek == ')')
                {
                    return Fail(_pos, $"nothing after '{name}:'", $"{AnyClause} after {name}:");
                }
            }

            var noAlias = false;
            if (Peek == '=')
            {
                noAlias = true;
                _pos++;
                if (AtEnd || char.IsWhiteSpace(Peek) || Peek == ')')
                {
                    return Fail(start, "'=' must be written right before the term it applies to", "=term or =\"phrase\"");
                }

                if (TryReadFieldName(out var after))
                {
                    return Fail(start, "'=' goes after the field name", $"{after}:=term");
                }
            }

            switch (Peek)
            {
                case '(':
                    return noAlias
                        ? Fail(_pos, "'=' applies to one term or phrase, not to a group", "=term or =\"phrase\"")
                        : ParseGroup(field);
                case '"':
                    return ParsePhrase(field, noAlias);
                case '[' or '{':
                    return noAlias
                        ? Fail(_pos, "'=' does not apply to a range", "a range without '='")
                        : ParseRange(field);
                case ')' or ']' or '}':
                    return Fail(_pos, $"unexpected '{Peek}'", AnyClause);
                case '^':
                    return Fail(_pos, "boosts (^N) are not supported", $"{AnyClause}, or \\^ to search for the character");
                case '~':
                    return Fail(_pos, "'~' must follow a term or a phrase", "term~ or \"phrase\"~N");
                case ':':
                    return Fail(_pos, "a ':' needs a field name before it", "field:value, or \\: to search for a colon");
                case '/':
                    return Fail(
                        _pos,
                        "regular expressions (/…/) are not supported",
                        "a term or a wildcard, or \\/ to search for a slash");
                case '+' or '-' or '!':
                    return Fail(_pos, "two operators in a row", AnyClause);
                default:
                    return ParseTerm(field, noAlias);
            }
        }

        private Query? ParseGroup(QueryField? field)
        {
            var open = _pos;
            if (_depth >= options.MaxDepth)
            {
                return Fail(
                    open,
                    $"parentheses are nested more than {options.MaxDepth} deep",
                    "a query with fewer nested parentheses");
            }

            _pos++;
            SkipWhitespace();
            if (AtEnd)
            {
                return Fail(_pos, "the query ends after '('", AnyClause + " after '('");
            }

            if (Peek == ')')
            {
                return Fail(_pos, "empty parentheses", AnyClause + " inside the parentheses");
            }

            _depth++;
            var inner = ParseOr(field);
            _depth--;
            if (inner is null)
            {
                return null;
            }

            SkipWhitespace();
            if (AtEnd)
            {
                return Fail(open, "this '(' is never closed", "a ')' to close it");
            }

            _pos++; // ParseOr stops only at the end or at ')'
            return inner;
        }

        private Query? ParsePhrase(QueryField? field, bool noAlias)
        {
            var open = _pos;
            _pos++;
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    return Fail(open, "this phrase is never closed", "a '\"' to end the phrase");
                }

                var c = Peek;
                if (c == '"')
                {
                    _pos++;
                    break;
                }

                if (c == '\\')
                {
                    if (_pos + 1 >= _text.Length)
                    {
                        return Fail(_pos, "a '\\' at the end escapes nothing", "a character after '\\'");
                    }

                    _pos++;
                    c = Peek;
                }

                text.Append(c);
                _pos++;
            }

            if (string.IsNullOrWhiteSpace(text.ToString()))
            {
                return Fail(open, "the phrase is empty", "words between the quotes");
            }

            var slop = 0;
            if (!AtEnd && Peek == '~')
            {
                var tilde = _pos;
                _pos++;
                if (!TryReadNumber(out slop, out var digits) || digits == 0)
                {
                    return Fail(tilde, "'~' after a phrase needs a number of positions", "\"a b\"~3");
                }

                if (slop > options.MaxSlop)
                {
                    return Fail(tilde, $"a phrase slop of {slop} is too large", $"a slop of at most {options.MaxSlop}");
                }
            }

            if (!AtDelimiter())
            {
                return Unexpected();
            }

            if (field is { } f && QueryFields.IsDate(f))
            {
                return Fail(open, $"{QueryFields.Name(f)}: takes a date, not a phrase", "a date like 2026-01-31 or a range [… TO …]");
            }

            return CountLeaf(open, new PhraseQuery(field, text.ToString(), slop, noAlias));
        }

        private Query? ParseRange(QueryField? field)
        {
            var open = _pos;
            if (field is not { } f || !QueryFields.IsDate(f))
            {
                return Fail(
                    open,
                    field is null ? "a range needs a date field" : $"{QueryFields.Name(field.Value)}: does not take ranges",
                    "published:[… TO …] or captured:[… TO …]");
            }

            var includeLower = Peek == '[';
            _pos++;
            SkipWhitespace();
            if (!ReadBound(out var lower))
            {
                return null;
            }

            SkipWhitespace();
            if (!OperatorAhead("TO"))
            {
                return Fail(
                    _pos,
                    AtEnd ? "the range ends early" : "the two ends of a range need TO between them",
                    "[2026-01-01 TO 2026-01-31]");
            }

            _pos += 2;
            SkipWhitespace();
            if (!ReadBound(out var upper))
            {
                return null;
            }

            SkipWhitespace();
            if (AtEnd || Peek is not (']' or '}'))
            {
                return Fail(_pos, "the range is not closed", "']' or '}' to close the range");
            }

            var includeUpper = Peek == ']';
            _pos++;
            if (!AtDelimiter())
            {
                return Unexpected();
            }

            var range = new RangeQuery(f, lower, upper, includeLower, includeUpper);
            if (range.IsEmpty)
            {
                return Fail(open, $"the range {range} contains no days", "a lower end before the upper end");
            }

            return CountLeaf(open, range);
        }

        private bool ReadBound(out PartialDate? bound)
        {
            bound = null;
            var start = _pos;
            var quoted = !AtEnd && Peek == '"';
            if (quoted)
            {
                _pos++;
            }

            var begin = _pos;
            while (!AtEnd && (quoted ? Peek != '"' : !(char.IsWhiteSpace(Peek) || Peek is ']' or '}')))
            {
                _pos++;
            }

            var text = _text[begin.._pos];
            if (quoted)
            {
                if (AtEnd)
                {
                    return Reject(start, "this date is never closed", "a '\"' after the date");
                }

                _pos++;
            }

            if (text.Length == 0)
            {
                return Reject(start, "a range end is missing", "a date like 2026-01-31, or * for an open end");
            }

            if (text == "*" && !quoted)
            {
                return true;
            }

            if (!PartialDate.TryParse(text, out var date, out var error))
            {
                return Reject(start, error!, "a date like 2026, 2026-01 or 2026-01-31, or * for an open end");
            }

            bound = date;
            return true;
        }

        private Query? ParseTerm(QueryField? field, bool noAlias)
        {
            var start = _pos;
            var text = new StringBuilder();
            var wildcards = 0;
            var escapedWildcard = false;
            var literalPrefix = -1; // code points before the first wildcard
            var codePoints = 0;
            var onlyTrailingStar = false;
            while (!AtEnd && !IsTermStop(Peek))
            {
                var c = Peek;
                if (c == '\\')
                {
                    if (_pos + 1 >= _text.Length)
                    {
                        return Fail(
                            _pos,
                            "a '\\' at the end escapes nothing",
                            "a character after '\\', or \\\\ to search for a backslash");
                    }

                    _pos++;
                    c = Peek;
                    escapedWildcard |= c is '*' or '?';
                    onlyTrailingStar = false;
                    AppendCodePoint(text);
                    codePoints++;
                    continue;
                }

                if (c is '*' or '?')
                {
                    if (wildcards == 0)
                    {
                        literalPrefix = codePoints;
                    }

                    wildcards++;
                    onlyTrailingStar = c == '*';
                }
                else
                {
                    onlyTrailingStar = false;
                }

                AppendCodePoint(text);
                codePoints++;
            }

            var value = text.ToString();
            var fuzzy = -1;
            if (!AtEnd && Peek == '~')
            {
                var tilde = _pos;
                _pos++;
                if (!TryReadNumber(out var edits, out var digits))
                {
                    return Fail(_pos, "fuzzy edits are a whole number", "term~, term~1 or term~2");
                }

                if (digits > 0 && edits > FuzzyQuery.MaxAllowedEdits)
                {
                    return Fail(tilde, $"{edits} edits are too many for a fuzzy term", "term~, term~1 or term~2");
                }

                fuzzy = digits == 0 ? FuzzyQuery.DefaultMaxEdits : edits;
            }

            if (!AtDelimiter())
            {
                return Unexpected();
            }

            if (field is { } dateField && QueryFields.IsDate(dateField))
            {
                const string DateExpected = "a date like 2026, 2026-01 or 2026-01-31, or a range [… TO …]";
                if (wildcards > 0 || fuzzy >= 0)
                {
                    return Fail(start, $"{QueryFields.Name(dateField)}: takes a date, not a pattern", DateExpected);
                }

                if (!PartialDate.TryParse(value, out var date, out var error))
                {
                    return Fail(start, error!, DateExpected);
                }

                return CountLeaf(start, new RangeQuery(dateField, date, date));
            }

            if (wildcards == 0)
            {
                return CountLeaf(start, fuzzy >= 0 ? new FuzzyQuery(field, value, fuzzy) : new TermQuery(field, value, noAlias));
            }

            if (value == "*" && field is null && fuzzy < 0)
            {
                return CountLeaf(start, new MatchAllQuery());
            }

            if (fuzzy >= 0)
            {
                return Fail(start, "a term cannot have both wildcards and '~'", "term~ or a wildcard pattern");
            }

            if (escapedWildcard)
            {
                return Fail(start, "a term cannot mix wildcards with escaped \\* or \\?", "a pattern with only unescaped wildcards");
            }

            if (literalPrefix < options.MinWildcardPrefix)
            {
                var characters = options.MinWildcardPrefix == 1 ? "character" : "characters";
                return Fail(
                    start,
                    $"a wildcard needs at least {options.MinWildcardPrefix} leading {characters} before '*' or '?'",
                    "letters before the wildcard, as in hasak*, or * on its own to match every document");
            }

            return wildcards == 1 && onlyTrailingStar
                ? CountLeaf(start, new PrefixQuery(field, value[..^1]))
                : CountLeaf(start, new WildcardQuery(field, value));
        }

        private void AppendCodePoint(StringBuilder text)
        {
            text.Append(Peek);
            if (char.IsHighSurrogate(Peek) && _pos + 1 < _text.Length)
            {
                text.Append(_text[_pos + 1]);
                _pos++;
            }

            _pos++;
        }

        private static bool IsTermStop(char c) =>
            char.IsWhiteSpace(c) || c is '(' or ')' or '"' or '[' or ']' or '{' or '}' or '^' or '~';

        private bool AtDelimiter() => AtEnd || char.IsWhiteSpace(Peek) || Peek is ')' or '(' or '"';

        private Query? Unexpected()
        {
            if (Peek == '^')
            {
                return Fail(_pos, "boosts (^N) are not supported", "a space or an operator, or \\^ to search for the character");
            }

            return QueryText.IsSpecial(Peek)
                ? Fail(_pos, $"unexpected '{Peek}'", $"a space or an operator, or \\{Peek} to search for the character")
                : Fail(_pos, $"unexpected '{Peek}'", "a space before it");
        }

        private bool TryReadNumber(out int value, out int digits)
        {
            value = 0;
            digits = 0;
            while (!AtEnd && char.IsAsciiDigit(Peek))
            {
                if (value < 100_000)
                {
                    value = (value * 10) + (Peek - '0');
                }

                digits++;
                _pos++;
            }

            return AtEnd || Peek != '.';
        }

        /// <summary>A field name: an ASCII letter, then letters, digits or '_', then ':'.</summary>
        private bool TryReadFieldName(out string name)
        {
            name = string.Empty;
            if (AtEnd || !char.IsAsciiLetter(Peek))
            {
                return false;
            }

            var end = _pos + 1;
            while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
            {
                end++;
            }

            if (end >= _text.Length || _text[end] != ':')
            {
                return false;
            }

            name = _text[_pos..end];
            return true;
        }

        private Query? CountLeaf(int start, Query leaf)
        {
            _leaves++;
            return _leaves > options.MaxClauses
                ? Fail(start, $"the query has more than {options.MaxClauses} terms, phrases and ranges", "a shorter query")
                : leaf;
        }

        private bool OperatorAhead(string word)
        {
            if (_pos + word.Length > _text.Length || string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            {
                return false;
            }

            var after = _pos + word.Length;
            if (word[0] is '&' or '|')
            {
                return true;
            }

            return after >= _text.Length || char.IsWhiteSpace(_text[after]) || _text[after] is '(' or ')' or '"' or ']' or '}';
        }

        private bool TryOperator(string word)
        {
            if (!OperatorAhead(word))
            {
                return false;
            }

            _pos += word.Length;
            return true;
        }

        private bool StartsWithDelimited(string literal)
        {
            if (_pos + literal.Length > _text.Length || string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
            {
                return false;
            }

            var after = _pos + literal.Length;
            return after >= _text.Length || char.IsWhiteSpace(_text[after]) || _text[after] is ')' or '(';
        }

        private void SkipWhitespace()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek))
            {
                _pos++;
            }
        }

        private Query? Fail(int pos, string message, string expected)
        {
            FailAt(_columns[Math.Min(pos, _columns.Length - 1)], message, expected);
            return null;
        }

        private bool Reject(int pos, string message, string expected)
        {
            Fail(pos, message, expected);
            return false;
        }

        private bool FailAt(int column, string message, string expected)
        {
            _error ??= new QuerySyntaxError(column, message, expected);
            return false;
        }
    }
}
