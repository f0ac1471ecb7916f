using System.CommandLine;
using System.Globalization;
using Archive.Core;
using Archive.Core.Verification;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive quarantine</c>: move store files that nothing names out of the store, kept byte for byte.</summary>
internal static class QuarantineCommand
{
    public static Command Create()
    {
        var minAge = new Option<string>("--min-age")
        {
            Description = "Move only files whose status has not changed for this long, e.g. 90s, 30m, 2h (default 1h; 0 when nothing else writes the archive)",
            HelpName = "TIME",
            DefaultValueFactory = _ => "1h",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would move; move nothing" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("quarantine", """
            Move the files of the store that nothing in the archive names out of it, into
            quarantine/TIME/ under the archive root, byte for byte, with a manifest-sha256.txt that
            `sha256sum -c` checks. An ingest stopped between storing a file and the catalog commit that
            names it (a crash, kill -9, a full disk) leaves such a file, and `archive verify` reports it as
            untracked until it is gone; so do the files it was staging, which go too. Nothing is deleted, and nothing named by a capture, a text or an
            event moves: each file is checked by a full verify and again, under the catalog's write lock,
            just before it moves. A file changed less than --min-age ago stays, as a write running beside
            this may be about to name it.

            JSON (--json): {"dry_run", "min_age_seconds", "folder", "moved": [{"path", "quarantined_as",
            "size", "sha256", "status_changed"}], "left": [{"path", "reason"}]}

            Examples:
              archive quarantine --dry-run
              archive quarantine
              archive verify
            """)
        {
            minAge, dryRun, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var age = ParseAge(parse.GetValue(minAge)!);
            var quarantine = cli.Archive.Quarantine;
            var report = ProgressBar.Run<VerifyProgress, QuarantineReport>(
                cli, parse.GetValue(json), "checking the store", p => (p.Done, p.Total), progress => quarantine.Run(age, parse.GetValue(dryRun), progress, cancel));
            if (parse.GetValue(json))
            {
                cli.WriteJson(QuarantineJson.From(report));
                return ExitCodes.Ok;
            }

            if (report.Moved.Count == 0 && report.Left.Count == 0)
            {
                cli.Out.WriteLine("no untracked files in the store: nothing to move");
                return ExitCodes.Ok;
            }

            if (report.Moved.Count > 0)
            {
                cli.Out.WriteLine(report.DryRun
                    ? $"would move {report.Moved.Count} untracked file(s) out of the store (--dry-run: nothing moved):"
                    : $"moved {report.Moved.Count} untracked file(s) out of the store into {report.Folder}/ (manifest-sha256.txt there lists them):");
                foreach (var file in report.Moved)
                {
                    cli.Out.WriteLine($"  {file.Path}  {file.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes, sha256 {file.Sha256}");
                }
            }

            if (report.Left.Count > 0)
            {
                cli.Out.WriteLine($"left {report.Left.Count} untracked file(s) in the store:");
                foreach (var file in report.Left)
                {
                    cli.Out.WriteLine($"  {file.Path}: {file.Reason}");
                }
            }

            if (!report.DryRun && report.Moved.Count > 0)
            {
                cli.Out.WriteLine("run `archive verify` to check the store again");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    /// <summary>A time such as 0, 90s, 30m or 2h.</summary>
    private static TimeSpan ParseAge(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount > 10 * 365 * 24 * 3600 / unit)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"--min-age '{value}': expected a time such as 0, 90s, 30m or 2h");
        }

        return TimeSpan.FromSeconds(amount * unit);
    }
}
