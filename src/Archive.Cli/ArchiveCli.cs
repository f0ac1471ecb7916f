using System.CommandLine;
using System.CommandLine.Invocation;
using Archive.Cli.Commands;

namespace Archive.Cli;

/// <summary>Builds the command tree and runs it. Everything a verb does happens in Archive.Core.</summary>
internal static class ArchiveCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand($"""
            Archive: an evidence-grade document archive. Ingest sources with SHA-256 hashes and provenance, keep a
            tamper-evident signed log, and let anyone verify that nothing has changed.

            Quick start:
              archive init
              archive ingest archive/sources
              archive list
              archive verify

            {ExitCodes.Help}
            """)
        {
            GlobalOptions.Archive,
            GlobalOptions.Key,
            GlobalOptions.Agent,
            GlobalOptions.Verbose,
        };
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(TextCommand.Create());
        root.Subcommands.Add(AmendCommand.Create());
        root.Subcommands.Add(WithdrawCommand.Create());
        root.Subcommands.Add(ReextractCommand.Create());
        root.Subcommands.Add(SearchCommand.Create());
        root.Subcommands.Add(RelatedCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(ReindexCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(QuarantineCommand.Create());
        root.Subcommands.Add(LogCommand.Create());
        root.Subcommands.Add(KeyCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(BriefCommand.Create());
        root.Subcommands.Add(VerifyPackCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        var host = CliHost.Current;
        // No response files: a query such as @handle is searched for, not read as a file of arguments.
        var parse = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && CliContext.JsonAsked(parse))
        {
            // A script that asked for JSON reads stdout: the usage error as an object, not the help page.
            var message = string.Join("; ", parse.Errors.Select(e => e.Message));
            host.Err.WriteLine($"archive: {message}");
            host.Out.WriteLine(CliContext.FailureText(message, ExitCodes.Usage));
            return ExitCodes.Usage;
        }

        var exit = parse.Invoke(new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            // Ctrl+C or SIGTERM cancels the command, which then finishes what it must (a commit, the web host's
            // shutdown, the embedder's chunk in hand); System.CommandLine's own 2 s before it kills the process cut
            // `serve` short on a busy machine (exit 143). 30 s is the web host's own shutdown limit.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            Output = host.Out,
            Error = host.Err,
        });

        // System.CommandLine exits 1 on a parse error (unknown option or verb, missing argument); ours is 2.
        return parse.Action is ParseErrorAction ? ExitCodes.Usage : exit;
    }
}
