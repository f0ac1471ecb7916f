using Archive.Core.Storage;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Archive.Web.Hosting;
using Microsoft.Extensions.Hosting;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive serve</c>: the web API and browser UI over this archive, on 127.0.0.1 unless told otherwise.</summary>
internal static class ServeCommand
{
    // The line as it always was: compact, lower-case names, the serializer's default escaping (not ArchiveJson's).
    private static readonly JsonTypeInfo<ServeJson> ServeLine = (JsonTypeInfo<ServeJson>)new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = CliJsonContext.Default,
    }.GetTypeInfo(typeof(ServeJson));

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => WebOptions.DefaultUrls, HelpName = "URL" };
        var publicRead = new Option<bool>("--public-read") { Description = "Let requests without a token search and read (never write)" };
        var allowPrivate = new Option<bool>("--allow-private-network") { Description = "Let POST /api/captures reach loopback, private and link-local addresses (refused by default)" };
        var noEmbed = new Option<bool>("--no-embed") { Description = "Do not embed waiting English texts in the background (search by meaning then uses only what `archive embed` made)" };
        var priority = new Option<string>("--embed-priority")
        {
            Description = "CPU priority of the background embedder: low (the default: it takes only what searches and ingests leave) or normal (a machine given over to embedding)",
            DefaultValueFactory = _ => "low",
            HelpName = "low|normal",
        };
        priority.AcceptOnlyFromAmong("low", "normal");
        var json = new Option<bool>("--json") { Description = "Once listening, print one JSON line on stdout: {\"archive\", \"urls\"} (the real ports, also for port 0)" };
        var command = new Command("serve", """
            Serve the web UI and the HTTP API (/api/..., /openapi/v1.json, /health) over this archive. Writes need a
            bearer token (see `archive token`). Binds to 127.0.0.1 only, unless --urls says otherwise. The CLI can
            keep working on the same archive meanwhile. It embeds waiting English texts in the background for search
            by meaning (one core at the lowest CPU priority; --no-embed turns that off). It runs until Ctrl+C (exit 0); with --json it prints one line,
            {"archive", "urls"}, once it is listening, and nothing more on stdout.

            Example:
              archive token create --role admin --name me
              archive serve --urls http://127.0.0.1:5080
              archive serve --json --urls http://127.0.0.1:0
            """)
        {
            urls, publicRead, allowPrivate, noEmbed, priority, json,
        };
        command.SetAction(async (parse, token) =>
        {
            var layout = Archive.Core.Storage.ArchiveLayout.Resolve(parse.GetValue(GlobalOptions.Archive));
            if (!File.Exists(layout.CatalogPath))
            {
                await CliHost.Current.Err.WriteLineAsync($"archive: no archive at {layout.Root}: run `archive init --archive {layout.Root}` first");
                return ExitCodes.NoArchive;
            }

            // Host logs are diagnostics: they go to stderr, so stdout holds only the serving line (or --json's).
            List<string> args = ["--archive", layout.Root, "--urls", parse.GetValue(urls)!, "--Logging:Console:LogToStandardErrorThreshold=Trace"];
            if (parse.GetValue(publicRead))
            {
                args.Add("--public-read");
            }

            if (parse.GetValue(allowPrivate))
            {
                args.Add("--allow-private-network");
            }

            args.Add("--embed=" + (!parse.GetValue(noEmbed)).ToString().ToLowerInvariant());
            args.Add("--embed-priority=" + parse.GetValue(priority));

            await using var app = ArchiveWebApp.Create([.. args]);
            await app.StartAsync(token);
            var host = CliHost.Current;
            if (parse.GetValue(json))
            {
                // One compact line, so a script can read it and then talk to the server.
                await host.Out.WriteLineAsync(JsonSerializer.Serialize(new ServeJson(layout.Root, [.. app.Urls]), ServeLine));
            }
            else
            {
                await host.Out.WriteLineAsync($"serving {layout.Root}; open {string.Join(", ", app.Urls)} in a browser (Ctrl+C stops)");
            }

            await host.Out.FlushAsync(token);
            await app.WaitForShutdownAsync(token);
            return ExitCodes.Ok;
        });
        return command;
    }
}
