using System.CommandLine;
using Archive.Core.Catalog;
using Spectre.Console;

namespace Archive.Cli.Commands;

/// <summary><c>archive list</c>: every capture with its short id, slug and title.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var limit = new Option<int>("--limit") { Description = "Show at most N captures", DefaultValueFactory = _ => 1000 };
        var offset = new Option<int>("--offset") { Description = "Skip the first N captures", DefaultValueFactory = _ => 0 };
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
            var reader = new CatalogReader(cli.Archive.Database, cli.Archive.Store);
            var captures = reader.List(Math.Max(0, parse.GetValue(limit)), Math.Max(0, parse.GetValue(offset)));
            if (parse.GetValue(json))
            {
                cli.WriteJson(new { total = reader.Count(), captures });
                return ExitCodes.Ok;
            }

            if (captures.Count == 0)
            {
                cli.Out.WriteLine("The archive is empty. Add sources with: archive ingest PATH");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("id", "slug", "published", "type", "lang", "title");
            foreach (var c in captures)
            {
                table.AddRow(
                    Markup.Escape(c.Id[7..19]),
                    Markup.Escape(c.Slug + (c.Version > 1 ? $" v{c.Version}" : string.Empty)),
                    Markup.Escape(c.Published ?? "-"),
                    Markup.Escape(c.SourceType ?? "-"),
                    Markup.Escape(c.Language ?? "-"),
                    Markup.Escape(c.Title ?? c.OriginalName));
            }

            Render(cli, table);
            cli.Out.WriteLine($"{captures.Count} of {reader.Count()} captures");
            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    /// <summary>Renders a Spectre widget to the command's writer (so tests and pipes get plain text).</summary>
    public static void Render(CliContext cli, Spectre.Console.Rendering.IRenderable widget)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(cli.Out),
            Ansi = cli.Interactive && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = cli.Interactive && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Console.IsOutputRedirected || !cli.Interactive ? 160 : Math.Max(80, console.Profile.Width);
        console.Write(widget);
    }
}
