using Archive.Core.Metadata;
using Archive.Core.Search;

namespace Archive.Core.Tests.Search;

public sealed class QueryParserTests
{
    private readonly QueryParser _parser = new();
    private readonly QueryParser _orParser = new(new QueryParserOptions { DefaultOperator = DefaultOperator.Or });

    private Query Parse(string query, QueryParser? parser = null)
    {
        var result = (parser ?? _parser).Parse(query);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Query;
    }

    private QuerySyntaxError Error(string query, QueryParser? parser = null)
    {
        var result = (parser ?? _parser).Parse(query);
        Assert.False(result.IsSuccess, $"parsed as {result.Query}");
        return result.Error;
    }

    private static TermQuery T(string text, QueryField? field = null) => new(field, text);

    private static BooleanQuery B(params (Occur Occur, Query Query)[] clauses) =>
        new([.. clauses.Select(c => new BooleanClause(c.Occur, c.Query))]);

    private static PartialDate D(string text) =>
        PartialDate.TryParse(text, out var date, out var error) ? date : throw new ArgumentException(error, nameof(text));

    private static RangeQuery R(QueryField field, string? lower, string? upper, bool includeLower = true, bool includeUpper = true) =>
        new(field, lower is null ? null : D(lower), upper is null ? null : D(upper), includeLower, includeUpper);

    /// <summary>Every syntax form and the tree it means under the default AND, written by hand.</summary>
    private static readonly Dictionary<string, Query> Trees = new(StringComparer.Ordinal)
    {
        { "prison", T("prison") },
        { "\"prison break\"", new PhraseQuery(null, "prison break") },
        { "\"prison break\"~3", new PhraseQuery(null, "prison break", 3) },
        { "hasak*", new PrefixQuery(null, "hasak") },
        { "te?t", new WildcardQuery(null, "te?t") },
        { "t*t", new WildcardQuery(null, "t*t") },
        { "hasaka~", new FuzzyQuery(null, "hasaka", 2) },
        { "hasaka~1", new FuzzyQuery(null, "hasaka", 1) },
        { "hasaka~0", new FuzzyQuery(null, "hasaka", 0) },
        { "=ISIS", new TermQuery(null, "ISIS", NoAlias: true) },
        { "=\"Islamic State\"", new PhraseQuery(null, "Islamic State", NoAlias: true) },
        { "title:prison", T("prison", QueryField.Title) },
        { "title:\"prison break\"~2", new PhraseQuery(QueryField.Title, "prison break", 2) },
        { "text:hasak*", new PrefixQuery(QueryField.Text, "hasak") },
        { "publisher:Reuters", T("Reuters", QueryField.Publisher) },
        { "author:\"Charles Lister\"", new PhraseQuery(QueryField.Author, "Charles Lister") },
        { "type:text/html", T("text/html", QueryField.Type) },
        { "lang:ar", T("ar", QueryField.Lang) },
        { "tag:detention", T("detention", QueryField.Tag) },
        { "id:sha256:8970b555c56b", T("sha256:8970b555c56b", QueryField.Id) },
        { "published:[2026-01-01 TO 2026-01-31]", R(QueryField.Published, "2026-01-01", "2026-01-31") },
        { "published:{2026-01-01 TO 2026-01-31}", R(QueryField.Published, "2026-01-01", "2026-01-31", false, false) },
        { "published:[2026-01 TO 2026-02}", R(QueryField.Published, "2026-01", "2026-02", true, false) },
        { "captured:[* TO 2026]", R(QueryField.Captured, null, "2026") },
        { "captured:{2025-12-31 TO *]", R(QueryField.Captured, "2025-12-31", null, false, true) },
        { "published:2026-01", R(QueryField.Published, "2026-01", "2026-01") },
        { "a AND b", B((Occur.Must, T("a")), (Occur.Must, T("b"))) },
        { "a && b", B((Occur.Must, T("a")), (Occur.Must, T("b"))) },
        { "a OR b", B((Occur.Should, T("a")), (Occur.Should, T("b"))) },
        { "a || b", B((Occur.Should, T("a")), (Occur.Should, T("b"))) },
        { "NOT a", B((Occur.MustNot, T("a"))) },
        { "!a", B((Occur.MustNot, T("a"))) },
        { "-a", B((Occur.MustNot, T("a"))) },
        { "+a", T("a") },
        { "a -b", B((Occur.Must, T("a")), (Occur.MustNot, T("b"))) },
        { "a NOT b", B((Occur.Must, T("a")), (Occur.MustNot, T("b"))) },
        { "a AND NOT b", B((Occur.Must, T("a")), (Occur.MustNot, T("b"))) },
        { "+a b -c", B((Occur.Must, T("a")), (Occur.Must, T("b")), (Occur.MustNot, T("c"))) },
        { "a b OR c", B((Occur.Should, B((Occur.Must, T("a")), (Occur.Must, T("b")))), (Occur.Should, T("c"))) },
        {
            "a AND b OR c AND d",
            B((Occur.Should, B((Occur.Must, T("a")), (Occur.Must, T("b")))), (Occur.Should, B((Occur.Must, T("c")), (Occur.Must, T("d")))))
        },
        {
            "(a OR b) AND (c OR -d)",
            B((Occur.Must, B((Occur.Should, T("a")), (Occur.Should, T("b")))), (Occur.Must, B((Occur.Should, T("c")), (Occur.MustNot, T("d")))))
        },
        {
            "title:(a OR b) AND text:c",
            B((Occur.Must, B((Occur.Should, T("a", QueryField.Title)), (Occur.Should, T("b", QueryField.Title)))), (Occur.Must, T("c", QueryField.Text)))
        },
        { "-(a OR b)", B((Occur.MustNot, B((Occur.Should, T("a")), (Occur.Should, T("b"))))) },
        { "x OR (-a)", B((Occur.Should, T("x")), (Occur.Should, B((Occur.MustNot, T("a"))))) },
        { "*", new MatchAllQuery() },
        { "*:*", new MatchAllQuery() },
        { "* AND publisher:Reuters", B((Occur.Must, new MatchAllQuery()), (Occur.Must, T("Reuters", QueryField.Publisher))) },
        { "al-Hasakah", T("al-Hasakah") },
        { "Sina'a", T("Sina'a") },
        { "a\\:b", T("a:b") },
        { "\\(x\\)", T("(x)") },
        { "\"say \\\"hi\\\"\"", new PhraseQuery(null, "say \"hi\"") },
        { "te\\*t", T("te*t") },
        { "\\AND", T("AND") },
        { "\\=a", T("=a") },
        { "a\\ b", T("a b") },
        { "الحسكة AND سجن", B((Occur.Must, T("الحسكة")), (Occur.Must, T("سجن"))) },
        { "🔥 prison", B((Occur.Must, T("🔥")), (Occur.Must, T("prison"))) },
        { "((((a))))", T("a") },
    };

    public static TheoryData<string> EverySyntaxForm => [.. Trees.Keys];

    [Theory]
    [MemberData(nameof(EverySyntaxForm))]
    public void Parse_EverySyntaxForm_BuildsTheTreeAndRoundTripsThroughToString(string query)
    {
        Assert.Equal(Trees[query], Parse(query));
        foreach (var parser in new[] { _parser, _orParser })
        {
            var parsed = Parse(query, parser);
            var canonical = parsed.ToString();

            Assert.Equal(parsed, Parse(canonical, _parser));
            Assert.Equal(parsed, Parse(canonical, _orParser));
            Assert.Equal(canonical, Parse(canonical, parser).ToString());
        }
    }

    [Fact]
    public void Parse_Term_ReturnsTermQuery() =>
        Assert.Equal(T("prison"), Parse("prison"));

    [Fact]
    public void Parse_Phrase_ReturnsPhraseWithTextBetweenQuotes() =>
        Assert.Equal(new PhraseQuery(null, "prison break", 0), Parse("\"prison break\""));

    [Fact]
    public void Parse_PhraseWithSlop_KeepsSlop() =>
        Assert.Equal(new PhraseQuery(null, "prison break", 3), Parse("\"prison break\"~3"));

    [Fact]
    public void Parse_TrailingStar_ReturnsPrefixQuery() =>
        Assert.Equal(new PrefixQuery(null, "hasak"), Parse("hasak*"));

    [Theory]
    [InlineData("te?t")]
    [InlineData("t*t")]
    [InlineData("ha*ak*")]
    [InlineData("has?")]
    public void Parse_OtherWildcards_ReturnWildcardQuery(string query) =>
        Assert.Equal(new WildcardQuery(null, query), Parse(query));

    [Fact]
    public void WildcardQuery_LiteralPrefix_IsTextBeforeFirstWildcard() =>
        Assert.Equal("ha", ((WildcardQuery)Parse("ha?ak*")).LiteralPrefix);

    [Theory]
    [InlineData("hasaka~", 2)]
    [InlineData("hasaka~2", 2)]
    [InlineData("hasaka~1", 1)]
    [InlineData("hasaka~0", 0)]
    public void Parse_Fuzzy_ReturnsFuzzyQueryWithEdits(string query, int edits) =>
        Assert.Equal(new FuzzyQuery(null, "hasaka", edits), Parse(query));

    [Fact]
    public void Parse_EqualsPrefix_DisablesAliasesForThatTermOnly() =>
        Assert.Equal(
            B((Occur.Must, new TermQuery(null, "ISIS", NoAlias: true)), (Occur.Must, T("Daesh"))),
            Parse("=ISIS Daesh"));

    [Fact]
    public void Parse_EqualsBeforePhrase_DisablesAliases() =>
        Assert.Equal(new PhraseQuery(null, "Islamic State", 0, NoAlias: true), Parse("=\"Islamic State\""));

    [Fact]
    public void Parse_FieldAfterEquals_IsTaken() =>
        Assert.Equal(new TermQuery(QueryField.Title, "ISIS", NoAlias: true), Parse("title:=ISIS"));

    [Theory]
    [InlineData("title", "Title")]
    [InlineData("text", "Text")]
    [InlineData("publisher", "Publisher")]
    [InlineData("author", "Author")]
    [InlineData("type", "Type")]
    [InlineData("lang", "Lang")]
    [InlineData("tag", "Tag")]
    [InlineData("id", "Id")]
    [InlineData("TITLE", "Title")]
    public void Parse_Field_AppliesToTheLeaf(string name, string field) =>
        Assert.Equal(T("x", Enum.Parse<QueryField>(field)), Parse($"{name}:x"));

    [Fact]
    public void Parse_FieldBeforeGroup_AppliesToEveryLeafInside() =>
        Assert.Equal(
            B((Occur.Should, T("a", QueryField.Title)), (Occur.Should, new PhraseQuery(QueryField.Title, "b c"))),
            Parse("title:(a OR \"b c\")"));

    [Fact]
    public void Parse_FieldInsideFieldGroup_Overrides() =>
        Assert.Equal(
            B((Occur.Must, T("a", QueryField.Title)), (Occur.Must, T("b", QueryField.Text))),
            Parse("title:(a text:b)"));

    [Fact]
    public void Parse_ColonInsideFieldValue_IsPartOfTheValue()
    {
        Assert.Equal(T("sha256:8970b555", QueryField.Id), Parse("id:sha256:8970b555"));
        Assert.Equal(T("text/html", QueryField.Type), Parse("type:text/html"));
    }

    [Fact]
    public void Parse_InclusiveDateRange_ReturnsRangeWithDays()
    {
        var range = Assert.IsType<RangeQuery>(Parse("published:[2026-01-01 TO 2026-01-31]"));

        Assert.Equal(QueryField.Published, range.Field);
        Assert.Equal(new DateOnly(2026, 1, 1), range.FirstDay);
        Assert.Equal(new DateOnly(2026, 1, 31), range.LastDay);
    }

    [Fact]
    public void Parse_ExclusiveRangeOfMonths_ExcludesTheWholeEndMonths()
    {
        var range = Assert.IsType<RangeQuery>(Parse("captured:{2026-01 TO 2026-04}"));

        Assert.Equal(new DateOnly(2026, 2, 1), range.FirstDay);
        Assert.Equal(new DateOnly(2026, 3, 31), range.LastDay);
    }

    [Fact]
    public void Parse_OpenEndedRange_HasNullBound()
    {
        var range = Assert.IsType<RangeQuery>(Parse("published:[2026-01-15 TO *]"));

        Assert.Equal(new DateOnly(2026, 1, 15), range.FirstDay);
        Assert.Null(range.LastDay);
        Assert.Null(range.Upper);
    }

    [Fact]
    public void Parse_BareDateOnDateField_IsTheRangeOfItsDays()
    {
        var range = Assert.IsType<RangeQuery>(Parse("published:2024-02"));

        Assert.Equal(new DateOnly(2024, 2, 1), range.FirstDay);
        Assert.Equal(new DateOnly(2024, 2, 29), range.LastDay);
    }

    [Theory]
    [InlineData("published:[٢٠٢٤ TO ٢٠٢٤]", "2024", "2024")]
    [InlineData("published:[۱۴۰۲-۰۳ TO *]", "1402-03", null)]
    [InlineData("published:[２０２４-０２-１０ TO ２０２４-０２-２０]", "2024-02-10", "2024-02-20")]
    [InlineData("captured:[2024-٠٢ TO \"۲۰۲۴-۰۳-۳۱\"]", "2024-02", "2024-03-31")]
    public void Parse_RangeWithArabicPersianOrFullwidthDigits_ReadsThemAsAsciiDigits(string query, string? lower, string? upper)
    {
        var range = Assert.IsType<RangeQuery>(Parse(query));

        Assert.Equal(lower is null ? null : D(lower), range.Lower);
        Assert.Equal(upper is null ? null : D(upper), range.Upper);
    }

    [Theory]
    [InlineData("published:٢٠٢٤-٠٢-١٥", "2024-02-15")]
    [InlineData("published:۱۴۰۲", "1402")]
    [InlineData("captured:２０２６-０１", "2026-01")]
    public void Parse_BareDateWithArabicPersianOrFullwidthDigits_ReadsThemAsAsciiDigits(string query, string date)
    {
        var range = Assert.IsType<RangeQuery>(Parse(query));

        Assert.Equal((D(date), D(date)), (range.Lower, range.Upper));
    }

    [Fact]
    public void Parse_BadDateInArabicDigits_QuotesItAsTypedAndCountsColumnsInCodePoints()
    {
        var error = Error("😀 published:[٢٠٢٤-١٣ TO *]");

        Assert.Equal("\"٢٠٢٤-١٣\" is not a date: months run from 01 to 12", error.Message);
        Assert.Equal(14, error.Column);
    }

    [Fact]
    public void Parse_QuotedRangeBounds_AreAccepted()
    {
        var range = Assert.IsType<RangeQuery>(Parse("published:[\"2026-01-01\" TO \"2026-01-31\"]"));

        Assert.Equal(new DateOnly(2026, 1, 31), range.LastDay);
    }

    [Fact]
    public void Parse_SideBySideUnderDefaultAnd_AllMust() =>
        Assert.Equal(B((Occur.Must, T("prison")), (Occur.Must, T("break"))), Parse("prison break"));

    [Fact]
    public void Parse_SideBySideUnderDefaultOr_AllShould() =>
        Assert.Equal(B((Occur.Should, T("prison")), (Occur.Should, T("break"))), Parse("prison break", _orParser));

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        var expected = B(
            (Occur.Should, B((Occur.Must, T("a")), (Occur.Must, T("b")))),
            (Occur.Should, B((Occur.Must, T("c")), (Occur.Must, T("d")))));

        Assert.Equal(expected, Parse("a AND b OR c AND d"));
        Assert.Equal(expected, Parse("a b OR c d"));
        Assert.Equal(expected, Parse("a && b || c && d"));
    }

    [Fact]
    public void Parse_AndUnderDefaultOr_StillBindsTighter() =>
        Assert.Equal(
            B((Occur.Should, T("a")), (Occur.Should, B((Occur.Must, T("b")), (Occur.Must, T("c"))))),
            Parse("a b AND c", _orParser));

    [Theory]
    [InlineData("a -b")]
    [InlineData("a NOT b")]
    [InlineData("a AND NOT b")]
    [InlineData("a !b")]
    [InlineData("a AND -b")]
    public void Parse_Negation_ExcludesTheClause(string query) =>
        Assert.Equal(B((Occur.Must, T("a")), (Occur.MustNot, T("b"))), Parse(query));

    [Fact]
    public void Parse_PlusUnderDefaultOr_MakesClauseRequiredAndOthersOptional() =>
        Assert.Equal(
            B((Occur.Must, T("a")), (Occur.Should, T("b")), (Occur.MustNot, T("c"))),
            Parse("+a b -c", _orParser));

    [Fact]
    public void Parse_OnlyNegation_IsABooleanOfOneMustNot() =>
        Assert.Equal(B((Occur.MustNot, T("a"))), Parse("-a"));

    [Fact]
    public void Parse_NegatedGroup_ExcludesTheGroup() =>
        Assert.Equal(
            B((Occur.Must, T("x")), (Occur.MustNot, B((Occur.Should, T("a")), (Occur.Should, T("b"))))),
            Parse("x -(a OR b)"));

    [Fact]
    public void Parse_RedundantParentheses_AreDropped() =>
        Assert.Equal(T("a"), Parse("((((a))))"));

    [Theory]
    [InlineData("and")]
    [InlineData("or")]
    [InlineData("not")]
    [InlineData("ANDROID")]
    [InlineData("ORACLE")]
    public void Parse_OperatorWordsInLowerCaseOrLonger_AreTerms(string query) =>
        Assert.Equal(T(query), Parse(query));

    [Theory]
    [InlineData("*")]
    [InlineData("*:*")]
    public void Parse_LoneStar_MatchesAll(string query) =>
        Assert.Equal(new MatchAllQuery(), Parse(query));

    [Fact]
    public void Parse_HyphenInsideTerm_IsPartOfTheTerm() =>
        Assert.Equal(T("al-Hasakah"), Parse("al-Hasakah"));

    [Theory]
    [InlineData("a\\:b", "a:b")]
    [InlineData("\\(x\\)", "(x)")]
    [InlineData("te\\*t", "te*t")]
    [InlineData("\\AND", "AND")]
    [InlineData("a\\ b", "a b")]
    [InlineData("\\-a", "-a")]
    [InlineData("c\\\\d", "c\\d")]
    public void Parse_Escapes_MakeCharactersLiteral(string query, string text) =>
        Assert.Equal(T(text), Parse(query));

    [Fact]
    public void Parse_EscapedQuoteInsidePhrase_IsLiteral() =>
        Assert.Equal(new PhraseQuery(null, "say \"hi\""), Parse("\"say \\\"hi\\\"\""));

    [Fact]
    public void Parse_WildcardInsidePhrase_IsLiteral() =>
        Assert.Equal(new PhraseQuery(null, "hasak* prison"), Parse("\"hasak* prison\""));

    [Fact]
    public void Parse_RtlAndZeroWidthMarks_AreStripped() =>
        Assert.Equal(
            B((Occur.Must, T("الحسكة")), (Occur.Must, T("prison"))),
            Parse("\u200F\u202Bالحسكة\u202C\u200E \u200Bpri\u200Dson\uFEFF\u2066"));

    [Fact]
    public void Parse_TabsAndNewlines_AreWhitespace() =>
        Assert.Equal(B((Occur.Must, T("a")), (Occur.Must, T("b"))), Parse("a\tb\r\n"));

    [Fact]
    public void Parse_Emoji_IsAnOrdinaryTerm() =>
        Assert.Equal(B((Occur.Must, T("🔥")), (Occur.Must, T("prison"))), Parse("🔥 prison"));

    [Fact]
    public void Parse_TitleOpenParenAtEnd_ReportsColumnAndExpectedTerm()
    {
        var error = Error("title:(");

        Assert.Equal(8, error.Column);
        Assert.Contains("a term", error.Expected, StringComparison.Ordinal);
        Assert.Contains("'('", error.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(a", 1, "never closed")]
    [InlineData("a)", 2, "no matching '('")]
    [InlineData("\"abc", 1, "never closed")]
    [InlineData("a AND", 3, "AND has nothing after it")]
    [InlineData("a OR", 3, "OR has nothing after it")]
    [InlineData("OR a", 1, "OR needs a clause on each side")]
    [InlineData("a AND OR b", 7, "OR needs a clause on each side")]
    [InlineData("NOT", 1, "NOT has nothing after it")]
    [InlineData("a - b", 3, "'-' must be written right before")]
    [InlineData("+", 1, "'+' must be written right before")]
    [InlineData("--a", 2, "two operators in a row")]
    [InlineData("()", 2, "empty parentheses")]
    [InlineData("\"\"", 1, "the phrase is empty")]
    [InlineData("\"  \"", 1, "the phrase is empty")]
    [InlineData("a\\", 2, "escapes nothing")]
    [InlineData("a^2", 2, "boosts (^N) are not supported")]
    [InlineData("/regex/", 1, "regular expressions")]
    [InlineData("a~3", 2, "too many")]
    [InlineData("a~0.5", 4, "whole number")]
    [InlineData("te*t~1", 1, "both wildcards and '~'")]
    [InlineData("\"a b\"~", 6, "needs a number")]
    [InlineData("\"a b\"~500", 6, "too large")]
    [InlineData(":a", 1, "needs a field name")]
    [InlineData("a]", 2, "unexpected ']'")]
    [InlineData("\"a\"b", 4, "unexpected 'b'")]
    [InlineData("=(a b)", 2, "not to a group")]
    [InlineData("= a", 1, "'=' must be written right before")]
    [InlineData("=title:a", 1, "after the field name")]
    [InlineData("title:", 7, "nothing after 'title:'")]
    [InlineData("te\\*t*", 1, "cannot mix wildcards")]
    public void Parse_SyntaxError_ReportsColumnAndMessage(string query, int column, string message)
    {
        var error = Error(query);

        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.Expected);
    }

    [Fact]
    public void Parse_UnknownField_NamesItAndListsTheKnownFields()
    {
        var error = Error("prison foo:bar");

        Assert.Equal(8, error.Column);
        Assert.Contains("'foo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("title, text, publisher, author, type, lang, tag, id, published, captured", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HashWithoutIdField_SuggestsIdField() =>
        Assert.Contains("id:sha256:", Error("sha256:8970b555").Expected, StringComparison.Ordinal);

    [Fact]
    public void Parse_ErrorAfterEmoji_CountsColumnsInCodePoints() =>
        Assert.Equal(4, Error("🔥🔥 foo:bar").Column);

    [Fact]
    public void Parse_ErrorAfterStrippedRtlMark_ReportsColumnInTheTypedQuery() =>
        Assert.Equal(3, Error("\u200F\u200Ffoo:bar").Column);

    [Theory]
    [InlineData("title:[a TO b]", "does not take ranges")]
    [InlineData("[2026 TO 2027]", "needs a date field")]
    [InlineData("published:[2026-02-30 TO *]", "that month has 28 days")]
    [InlineData("published:[2026-13 TO *]", "months run from 01 to 12")]
    [InlineData("published:[2026-02 TO 2026-01]", "contains no days")]
    [InlineData("published:{2026-01-01 TO 2026-01-02}", "contains no days")]
    [InlineData("published:[2026-01-01 2026-01-31]", "need TO between them")]
    [InlineData("published:[2026-01-01 TO 2026-01-31", "not closed")]
    [InlineData("published:[2026-01-01 TO]", "range end is missing")]
    [InlineData("published:hello", "is not a date")]
    [InlineData("published:2026-01-01T10:00:00Z", "time of day")]
    [InlineData("captured:2026*", "takes a date")]
    [InlineData("published:\"last week\"", "takes a date, not a phrase")]
    public void Parse_BadRange_ReportsWhy(string query, string message) =>
        Assert.Contains(message, Error(query).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_BadRangeBound_PointsAtTheBound() =>
        Assert.Equal(26, Error("published:[2026-01-01 TO 2026-02-31]").Column);

    [Theory]
    [InlineData("*ing")]
    [InlineData("?est")]
    [InlineData("title:*")]
    [InlineData("**")]
    public void Parse_WildcardWithoutLeadingCharacters_IsAnError(string query) =>
        Assert.Contains("a wildcard needs at least 1 leading character", Error(query).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_LongerMinimumWildcardPrefix_IsEnforced()
    {
        var parser = new QueryParser(new QueryParserOptions { MinWildcardPrefix = 3 });

        Assert.Contains("at least 3 leading characters", Error("ha*", parser).Message, StringComparison.Ordinal);
        Assert.Equal(new PrefixQuery(null, "has"), Parse("has*", parser));
    }

    [Fact]
    public void Parse_FiveHundredNestedParentheses_IsAClearErrorWithoutStackOverflow()
    {
        var query = new string('(', 500) + "a" + new string(')', 500);

        var error = Error(query);

        Assert.Equal(65, error.Column);
        Assert.Contains("nested more than 64 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SixtyFourNestedParentheses_IsAccepted() =>
        Assert.Equal(T("a"), Parse(new string('(', 64) + "a" + new string(')', 64)));

    [Fact]
    public void Parse_TenThousandTerms_IsAClearError()
    {
        var query = string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"t{i}"));

        var error = Error(query);

        Assert.Equal(4097, error.Column);
        Assert.Contains("longer than 4,096 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreThanMaxClauses_ReportsTheFirstClauseOverTheLimit()
    {
        var query = string.Join(' ', Enumerable.Repeat("a", 1025));

        var error = Error(query);

        Assert.Equal((2 * 1024) + 1, error.Column);
        Assert.Contains("more than 1024 terms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExactlyMaxClauses_IsAccepted()
    {
        var query = string.Join(' ', Enumerable.Repeat("a", 1024));

        Assert.Equal(1024, Assert.IsType<BooleanQuery>(Parse(query)).Clauses.Count);
    }

    [Theory]
    [InlineData("a\u0000b", 2, "U+0000")]
    [InlineData("a\u0007b", 2, "U+0007")]
    [InlineData("ab\u001Bc", 3, "U+001B")]
    [InlineData("a\u0085", 2, "U+0085")]
    public void Parse_ControlCharacter_IsRejectedWithItsCodePoint(string query, int column, string name)
    {
        var error = Error(query);

        Assert.Equal(column, error.Column);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnpairedSurrogate_IsRejected() =>
        Assert.Equal(2, Error("a\uD800b").Column);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200F\u200E")]
    public void Parse_EmptyQuery_IsAnError(string query) =>
        Assert.Contains("empty", Error(query).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_RandomHostileInput_NeverThrowsAndSuccessesRoundTrip()
    {
        const string alphabet = "ab AND OR NOT TO ()[]{}\"\\:*?~^+-!&|=/ 12-:title:published:🔥\u200F\u0007\uD800سجن";
        var random = new Random(20260122);
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(1, 40);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var query = new string(chars);
            foreach (var parser in new[] { _parser, _orParser })
            {
                var result = parser.Parse(query);
                if (result.IsSuccess)
                {
                    var again = parser.Parse(result.Query.ToString());
                    Assert.True(again.IsSuccess, $"{query} → {result.Query} → {again.Error}");
                    Assert.Equal(result.Query, again.Query);
                }
                else
                {
                    Assert.InRange(result.Error.Column, 1, query.Length + 1);
                }
            }
        }
    }

    [Fact]
    public void Parse_MaximumLengthRepeatedClauses_ReportsTheCutPhraseSlopAtTheLastColumn()
    {
        // 170 whole 24-character groups fill 4,080 columns; the cut group ends with "c d"~ at column 4,096.
        var query = string.Concat(Enumerable.Repeat("a\\* (b OR \"c d\"~2) -e~1 ", 200))[..4096];

        var error = Error(query);

        Assert.Equal(4096, error.Column);
        Assert.Equal("'~' after a phrase needs a number of positions", error.Message);
    }

    [Fact]
    public void Parse_WholeRepeatedClausesUnderMaxLength_KeepsEveryGroup()
    {
        var query = string.Concat(Enumerable.Repeat("a\\* (b OR \"c d\"~2) -e~1 ", 170)).TrimEnd();
        var group = new[]
        {
            (Occur.Must, (Query)T("a*")),
            (Occur.Must, B((Occur.Should, T("b")), (Occur.Should, new PhraseQuery(null, "c d", 2)))),
            (Occur.MustNot, new FuzzyQuery(null, "e", 1)),
        };

        Assert.Equal(B([.. Enumerable.Repeat(group, 170).SelectMany(g => g)]), Parse(query));
    }
}
