using System.CommandLine;
using System.Globalization;
using System.Text;
using Archive.Core.Search;

namespace Archive.Cli.Commands;

/// <summary><c>archive search QUERY</c>: Lucene-syntax full-text search with passages, offsets and citations.</summary>
internal static class SearchCommand
{
    public const string Syntax = """
        Query syntax (Lucene classic):
          hasakah prison            both words (AND is the default; OR and NOT also work, with parentheses)
          "prison break"            exact words in order, unstemmed ("prison breaks" does not match)
          "prison attack"~3         words within 3 of each other
          escap*  te?t  t*t         prefix and wildcards
          daesh~  daesh~1           fuzzy (up to 2 edits)
          +sdf -iraq                required / excluded
          title: text: publisher: author: type: lang: tag: id:     fields
          published:[2026-01-01 TO 2026-01-31]   publication dates ({…} leaves out an end, * is open)
          published:2026-01         one date: every day it covers
          captured:[2026 TO *]      the day in captured_at, when the bytes were obtained (archive capture sets it;
                                    ingest takes it from a sidecar or --meta), not when they were ingested: a
                                    capture without captured_at has no captured date
          =ISIS                     no name-variant expansion for this term (--no-aliases: for all)
        Dates overlap: a capture published 2026-01 or 2026 (only a month or a year) matches a date or range that holds
        any day of it, so published:2026-01-15 finds it; a capture published on a day matches when that day is inside.
        Dates may be written in Arabic-Indic, Persian or fullwidth digits (published:٢٠٢٦-٠١), read as the same digits.
        Name variants from archive/aliases.txt expand automatically (Hasakah = Hasakeh = al-Hasakah = الحسكة).
        """;

    public static Command Create()
    {
        var query = new Argument<string>("QUERY") { Description = "Lucene-syntax query (quote it in the shell)" };
        var json = GlobalOptions.JsonOption();
        var limit = new Option<int>("--limit") { Description = "Hits per page", DefaultValueFactory = _ => 10 }.Between(0, SearchLimits.Default.MaxHits);
        var offset = new Option<int>("--offset") { Description = "Skip this many hits", DefaultValueFactory = _ => 0 }.Between(0, SearchLimits.Default.MaxOffset);
        var sort = new Option<string>("--sort") { Description = "relevance (BM25) or published (newest first)", DefaultValueFactory = _ => "relevance" };
        sort.AcceptOnlyFromAmong("relevance", "published");
        var noAliases = new Option<bool>("--no-aliases") { Description = "Do not expand name variants" };
        var passages = new Option<int>("--passages") { Description = "Passages per hit", DefaultValueFactory = _ => 3 }.Between(0, SearchLimits.Default.MaxPassagesPerHit);
        var mode = new Option<string>("--mode")
        {
            Description = "hybrid (words and meaning fused: the default for plain English words once texts are embedded), lexical (words only) or semantic (meaning only)",
            HelpName = "hybrid|lexical|semantic",
        };
        mode.AcceptOnlyFromAmong("hybrid", "lexical", "semantic");
        var csv = new Option<bool>("--csv")
        {
            Description = $"Print every hit (at most {SearchLimits.DefaultMaxHits}) as CSV: id, title, publisher, published, captured, score, best_passage, citation",
        };
        var command = new Command("search", $"""
            Full-text search in English, Arabic, Persian, Kurdish (Sorani), Turkish, French, German, Russian and
            other languages. Each hit shows why it matched and passages with exact
            code-point offsets [start, end) into the canonical text, each with a ready citation for a brief.

            {Syntax}
            Examples:
              archive search 'daesh AND "prison break"'
              archive search 'الحسكة' --json
              archive search 'escap* published:[2026-01-01 TO 2026-01-31]' --sort published
              archive search 'hasakah prison' --csv > hits.csv
              archive search 'inmates fled the prison' --mode semantic

            Search by meaning: `archive embed` (or `archive serve`, in the background) gives English texts vectors;
            then plain words (no operators, fields, phrases, wildcards or fuzzy terms) also find passages that say the
            same in other words, marked "meaning: 0.62 similar". Other languages, and other queries, stay lexical.
            """)
        {
            query, json, limit, offset, sort, noAliases, passages, csv, mode,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(csv) && result.GetValue(json))
            {
                result.AddError("give --csv or --json, not both");
            }
        });
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var request = new SearchRequest(
                parse.GetValue(query)!,
                parse.GetValue(limit),
                parse.GetValue(offset),
                parse.GetValue(sort) == "published" ? SearchSort.Published : SearchSort.Relevance,
                !parse.GetValue(noAliases),
                parse.GetValue(passages),
                Mode: ParseMode(parse.GetValue(mode)));
            if (parse.GetValue(csv))
            {
                return Csv(cli, request, cancel);
            }

            var response = cli.Archive.Searcher.Search(request, cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(response);
                return response.Error is null ? ExitCodes.Ok : ExitCodes.Usage;
            }

            if (response.Error is { } error)
            {
                return Failed(cli, request, error);
            }

            Print(cli, response);
            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    /// <summary>The mode asked for; null (the default) when none was given.</summary>
    internal static SearchMode? ParseMode(string? mode) => mode switch
    {
        "hybrid" => SearchMode.Hybrid,
        "lexical" => SearchMode.Lexical,
        "semantic" => SearchMode.Semantic,
        _ => null,
    };

    /// <summary>The CSV on stdout, byte for byte what <c>GET /api/search.csv</c> sends; a cap reached is said on stderr.</summary>
    private static int Csv(CliContext cli, SearchRequest request, CancellationToken cancel)
    {
        var export = SearchCsv.Export(cli.Archive.Searcher, request, cancel);
        if (export.Error is { } error)
        {
            return Failed(cli, request, error);
        }

        cli.Out.Write(export.Text);
        if (export.Capped)
        {
            cli.Err.WriteLine($"archive: exported the first {export.Exported} of {export.Total} hits (the export stops at {export.MaxHits})");
        }

        return ExitCodes.Ok;
    }

    private static int Failed(CliContext cli, SearchRequest request, SearchError error)
    {
        if (error.Column == 0)
        {
            cli.Err.WriteLine($"archive: {error.Message}");
            return ExitCodes.Error;
        }

        cli.Err.WriteLine($"archive: query:{error.Column}: {error.Message}");
        var (shown, caret) = Excerpt(request.Query, error.Column - 1);
        cli.Err.WriteLine($"  {shown}");
        cli.Err.WriteLine($"  {new string(' ', caret)}^");
        return ExitCodes.Usage;
    }

    /// <summary>
    /// The query around code point <paramref name="at"/> as a terminal may show it: at most 50 code points before and
    /// 30 after (… where cut), control and format characters (escape sequences, direction overrides) as '?', a tab as a
    /// space; and the column of <paramref name="at"/> in it.
    /// </summary>
    private static (string Shown, int Caret) Excerpt(string query, int at)
    {
        var runes = query.EnumerateRunes().ToList();
        at = Math.Clamp(at, 0, runes.Count);
        var (from, to) = (Math.Max(0, at - 50), Math.Min(runes.Count, at + 30));
        var shown = new StringBuilder(from > 0 ? "…" : string.Empty);
        foreach (var rune in runes.Skip(from).Take(to - from))
        {
            shown.Append(rune.Value == '\t' ? " " : Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? "?" : rune.ToString());
        }

        return (shown.Append(to < runes.Count ? "…" : string.Empty).ToString(), (from > 0 ? 1 : 0) + at - from);
    }

    private static void Print(CliContext cli, SearchResponse response)
    {
        var o = cli.Out;
        o.WriteLine($"{response.Total} hits for {response.Parsed} ({response.TookMs:0} ms{(response.Mode == "lexical" ? string.Empty : ", " + response.Mode)})");
        foreach (var note in response.Notes)
        {
            o.WriteLine($"note: {note}");
        }

        var rank = response.Offset;
        foreach (var hit in response.Hits)
        {
            o.WriteLine();
            o.WriteLine($"{++rank}. {TerminalSafeWriter.OneLine(hit.Title ?? hit.Slug)}");
            o.WriteLine($"   {hit.ShortId}  {hit.Slug}  {hit.Publisher ?? "-"}  {hit.Published ?? "-"}  score {hit.Score:0.###}");
            if (hit.Why.Count > 0)
            {
                o.WriteLine($"   why: {string.Join("; ", hit.Why)}");
            }

            foreach (var passage in hit.Passages)
            {
                o.WriteLine($"   [{passage.Start}, {passage.End})  {passage.Text}");
                o.WriteLine($"      {passage.Citation}");
            }
        }

        if (response.Total > 0)
        {
            // Each facet's most frequent values, then its unknown bucket: the hits with no value for it.
            static string Line(IReadOnlyList<FacetValue> values, int unknown) =>
                string.Join(", ", values.Take(8).Select(v => $"{v.Value} ({v.Count})").Concat(unknown > 0 ? [$"unknown ({unknown})"] : []));
            var none = response.Facets.Unknown;
            o.WriteLine();
            o.WriteLine($"publisher: {Line(response.Facets.Publisher, none.Publisher)}");
            o.WriteLine($"type: {Line(response.Facets.Type, none.Type)}   language: {Line(response.Facets.Language, none.Language)}   year: {Line(response.Facets.Year, none.Year)}");
        }
    }
}
