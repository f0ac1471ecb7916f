using System.CommandLine;

namespace Archive.Cli.Commands;

/// <summary><c>archive import bag</c>: validate a BagIt bag and ingest it with its provenance.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", """
            Import evidence exported by another archive.

            Example:
              archive import bag evidence-bag
            """);
        command.Subcommands.Add(Bag());
        return command;
    }

    private static Command Bag()
    {
        var dir = new Argument<string>("DIR") { Description = "The bag's folder, as `archive export bag` writes it" };
        var check = new Option<bool>("--check") { Description = "Validate only; ingest nothing" };
        var trustKey = new Option<string>("--trust-key")
        {
            Description = "The sender's public key (a PEM file, or its fingerprint sha256:HEX as `archive key` prints it) the bag's checkpoint must be signed with",
            HelpName = "PEM|FINGERPRINT",
        };
        var json = GlobalOptions.JsonOption();
        var command = new Command("bag", """
            Validate a BagIt 1.0 bag (every payload file against manifest-sha256.txt and nothing beside them, every
            tag file against tagmanifest-sha256.txt, Payload-Oxum, the checkpoint's signature, every event's inclusion
            proof) and, only when all holds, ingest each original with its metadata and an imported event naming the
            bag's log, checkpoint, key and the leaf hashes of the events it brought. A bad bag exits 3 and names each
            changed, missing or extra file.

            A bag proves itself only under the key it carries, which whoever made the bag could have made too. Pin the
            sender's key with --trust-key (its public key, or the fingerprint the sender gave you another way) and a
            bag signed by any other key is refused.

            A bag proves that each event it carries was in the sender's signed log, not that it carries every event:
            whoever carries it can leave out a later event (an amendment, a re-extraction) and it still verifies. Only
            each capture's ingested event (where it came from) must be there, or the capture is refused. To know a bag
            is whole, compare its provenance/inclusion-proofs.json with the sender's log (`archive log export`, signed
            by the key you pin): every event of its captures below the bag's checkpoint size must be in the bag. Ask
            for the sender's current log to see what was recorded since.

            Example:
              archive import bag evidence-bag --trust-key sender-public.pem
              archive import bag evidence-bag --check --json
            """)
        {
            dir, check, trustKey, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var pinned = parse.GetValue(trustKey);
            var report = parse.GetValue(check)
                ? Archive.Core.Export.Bag.BagImporter.Validate(parse.GetValue(dir)!, pinned)
                : cli.Archive.BagImporter.Import(parse.GetValue(dir)!, cli.Agent, pinned, cancel);
            if (parse.GetValue(json))
            {
                cli.WriteJson(report);
            }
            else
            {
                foreach (var problem in report.Problems)
                {
                    cli.Out.WriteLine($"PROBLEM  {problem}");
                }

                foreach (var imported in report.Imported)
                {
                    cli.Out.WriteLine($"imported {imported}");
                }

                cli.Out.WriteLine(report.Ok
                    ? $"bag OK: {report.Captures.Count} captures, {report.PayloadFiles} files, proofs against checkpoint {report.CheckpointSize} signed by {report.KeyFingerprint}" +
                      (report.KeyPinned ? ", the pinned key" : "")
                    : $"bag INVALID: {report.Problems.Count} problems; nothing was imported");
                if (report.Ok && !report.KeyPinned)
                {
                    cli.Out.WriteLine("note: that key was not pinned; compare its fingerprint with the one the sender gave you, or pass --trust-key");
                }
            }

            return report.Ok ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }
}
