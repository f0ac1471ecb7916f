using Archive.Core.Storage;
using System.CommandLine;
using Archive.Core.Catalog;

namespace Archive.Cli.Commands;

/// <summary><c>archive list</c>: every capture with its short id, slug and title.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var limit = new Option<int>("--limit") { Description = "Show at most N captures", DefaultValueFactory = _ => 1000 }.Between(0, int.MaxValue);
        var offset = new Option<int>("--offset") { Description = "Skip the first N captures", DefaultValueFactory = _ => 0 }.Between(0, int.MaxValue);
        var command = new Command("list", """
            List captures in ingest order: short id, source slug, published date, type, language and title.

            Example:
              archive list --json
            """)
        {
            json, limit, offset,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var reader = cli.Archive.Catalog;
            var take = Math.Max(0, parse.GetValue(limit));
            var skip = Math.Max(0, parse.GetValue(offset));
            var captures = reader.List(take, skip);
            if (parse.GetValue(json))
            {
                // The same record as GET /api/documents: {total, limit, offset, items}.
                cli.WriteJson(new DocumentPage(reader.Count(), take, skip, captures));
                return ExitCodes.Ok;
            }

            if (captures.Count == 0)
            {
                cli.Out.WriteLine("The archive is empty. Add sources with: archive ingest PATH");
                return ExitCodes.Ok;
            }

            var slugs = captures.Select(c => c.Slug + (c.Version > 1 ? $" v{c.Version}" : string.Empty)).ToList();
            var slugWidth = Math.Min(60, slugs.Max(s => s.Length));
            cli.Out.WriteLine($"{"id",-12}  {"slug".PadRight(slugWidth)}  {"published",-10}  {"type",-13}  {"lang",-4}  title");
            for (var i = 0; i < captures.Count; i++)
            {
                var c = captures[i];
                var slug = slugs[i].Length > slugWidth ? slugs[i][..(slugWidth - 1)] + "…" : slugs[i];
                cli.Out.WriteLine($"{c.Id.Short}  {slug.PadRight(slugWidth)}  {c.Published ?? "-",-10}  {c.SourceType ?? "-",-13}  {c.Language ?? "-",-4}  {(c.Withdrawn ? "[withdrawn] " : string.Empty)}{(c.TextLength == 0 ? "[no text] " : string.Empty)}{TerminalSafeWriter.OneLine(c.Title ?? c.OriginalName)}");
            }

            cli.Out.WriteLine($"{captures.Count} of {reader.Count()} captures");
            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
