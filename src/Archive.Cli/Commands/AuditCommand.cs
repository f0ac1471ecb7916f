using System.CommandLine;

namespace Archive.Cli.Commands;

/// <summary><c>archive audit --state DIR</c>: an auditor's check that the log only grew since its last visit.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var state = new Option<string>("--state") { Description = "The auditor's folder, kept outside the archive: checkpoint.txt, checkpoint.sig, public.pem", HelpName = "DIR", Required = true };
        var key = new Option<string>("--trust-key") { Description = "The public key (PEM) checkpoints must be signed with (default: the one saved in DIR; on the first run, the archive's)", HelpName = "PEM" };
        var command = new Command("audit", $"""
            Keep an auditor's last seen checkpoint outside the archive and check, on every run, that the archive's
            latest signed checkpoint matches its log and extends the saved one (RFC 9162 consistency); then save the
            new one. The first run saves the current checkpoint and pins its key. A rollback (the log is shorter than
            the saved checkpoint) or a fork (another root at its size) exits 3 and leaves the saved checkpoint as it
            was. A state that holds a saved checkpoint but lost its public.pem exits 3 unless --trust-key is given:
            the archive's key is never pinned again on its own word. The archive itself is not written.

            JSON (--json): {"{"}"ok", "state", "status" (started, ok, rolled-back, rewritten, other-log, bad-signature,
            unknown-key), "size", "root", "key", "advanced", "message", "previous": {"{"}"folder", "size", "root", "status", "key", "message"{"}"}{"}"}

            {ExitCodes.Help}

            Example:
              archive audit --state ~/audit/state
            """)
        {
            json, state, key,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var report = cli.Archive.Auditor.Audit(
                PathInput.Folder(parse.GetValue(state), "--state"),
                parse.GetValue(key) is { } trusted ? PathInput.File(trusted, "--trust-key") : null);
            if (parse.GetValue(json))
            {
                cli.WriteJson(report);
            }
            else
            {
                cli.Out.WriteLine(report.Message);
                cli.Out.WriteLine(report.Ok ? $"audit: OK ({report.Size} events, root {report.Root})" : "audit: PROBLEM FOUND");
            }

            return report.Ok ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }
}
