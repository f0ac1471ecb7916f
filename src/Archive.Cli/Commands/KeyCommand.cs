using System.CommandLine;
using Archive.Core.Provenance;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive key</c>: the signing key's fingerprint and place, a new key, and a key change.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var command = new Command("key", """
            The archive's signing key: its fingerprint (SHA-256 of the DER public key) for auditors to pin, where its
            private half is, and the key changes the log records. Keep the private key outside the archive with
            --key PEM or ARCHIVE_KEY, so that whoever can write the archive cannot re-sign its history.

            Examples:
              archive key
              openssl pkey -pubin -in archive/keys/public.pem -outform DER | sha256sum
              archive key generate /secure/archive-key.pem
              archive key change /secure/archive-key.pem && export ARCHIVE_KEY=/secure/archive-key.pem
            """)
        {
            json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var info = cli.Archive.Keys.Show();
            if (parse.GetValue(json))
            {
                cli.WriteJson(info);
                return info.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
            }

            cli.Out.WriteLine($"key {info.Fingerprint}");
            cli.Out.WriteLine($"  public key   {info.PublicKey}");
            cli.Out.WriteLine($"  private key  {info.PrivateKey} ({(info.PrivateKeyOutsideArchive ? "outside the archive" : "inside the archive")}{(info.CanSign ? string.Empty : File.Exists(info.PrivateKey) ? "; not readable here: cannot sign" : "; not there: cannot sign; pass the key with --key")})");
            cli.Out.WriteLine($"  pin it: openssl pkey -pubin -in {info.PublicKey} -outform DER | sha256sum");
            foreach (var change in info.Changes)
            {
                cli.Out.WriteLine($"changed at event {change.Index}: {change.OldKey} -> {change.NewKey}");
            }

            foreach (var problem in info.Problems)
            {
                cli.Out.WriteLine($"PROBLEM {problem}");
            }

            return info.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Change());
        return command;
    }

    private static Command Generate()
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the new private key (PEM, mode 0600); never overwritten" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("generate", """
            Write a new ECDSA P-256 private key to FILE, outside the archive, and print its fingerprint. The archive
            is not touched: `archive key change FILE` hands it over.

            Example:
              archive key generate /secure/archive-key.pem
            """)
        {
            file, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var path = Path.GetFullPath(PathInput.File(parse.GetValue(file), "FILE"));
            var fingerprint = KeyService.Generate(path);
            if (parse.GetValue(json))
            {
                cli.WriteJson(new GeneratedKeyJson(path, fingerprint));
            }
            else
            {
                cli.Out.WriteLine($"wrote {path}");
                cli.Out.WriteLine($"fingerprint {fingerprint}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static Command Change()
    {
        var file = new Argument<string>("NEWKEY") { Description = "The new private key (PEM), for example from `archive key generate`" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("change", """
            Hand the archive over to a new signing key: a key-changed event in the log, signed by the current key and
            by the new one, and a checkpoint signed by the new key; keys/public.pem becomes the new public key, and a
            retired private key inside the archive is deleted. verify and audit follow the change; run later commands
            with --key NEWKEY or ARCHIVE_KEY=NEWKEY.

            Example:
              archive key change /secure/archive-key.pem
            """)
        {
            file, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var path = Path.GetFullPath(PathInput.File(parse.GetValue(file), "NEWKEY"));
            var change = cli.Archive.Keys.Change(path, cli.Agent);
            if (parse.GetValue(json))
            {
                cli.WriteJson(change);
            }
            else
            {
                cli.Out.WriteLine($"key changed at event {change.Index}: {change.OldKey} -> {change.NewKey}");
                cli.Out.WriteLine($"checkpoint at size {change.CheckpointSize} signed by the new key");
                if (change.RemovedKey is { } removed)
                {
                    cli.Out.WriteLine($"deleted the retired private key {removed}");
                }

                cli.Out.WriteLine($"from now on: --key {path} or ARCHIVE_KEY={path}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }
}
