using Archive.Core.Storage;
using System.CommandLine;
using Archive.Core.Provenance;
using Archive.Cli.Json;

namespace Archive.Cli.Commands;

/// <summary><c>archive log</c> and its subcommands: list events, prove inclusion and consistency, checkpoint, export.</summary>
internal static class LogCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var from = new Option<long>("--from") { Description = "First event index to list", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "List at most N events", DefaultValueFactory = _ => 1000 }.Between(0, int.MaxValue);
        var command = new Command("log", """
            The tamper-evident event log: every ingest, extraction, amendment, fixity check and export, each a leaf
            of an RFC 6962 Merkle tree, with signed checkpoints.

            Examples:
              archive log --json
              archive log prove 3
              archive log consistency 5 12
              archive log export out/ && openssl dgst -sha256 -verify out/public.pem -signature out/checkpoint.sig out/checkpoint.txt
            """)
        {
            json, from, limit,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var events = cli.Archive.LogService.Events(parse.GetValue(from), parse.GetValue(limit));
            if (parse.GetValue(json))
            {
                cli.WriteJson(events.Select(LogEntryJson.From).ToList());
                return ExitCodes.Ok;
            }

            foreach (var e in events)
            {
                cli.Out.WriteLine($"#{e.Index,-6} {e.Time}  {e.Type,-18} {(e.CaptureId?.Short ?? "-")}");
            }

            return ExitCodes.Ok;
        }, token)));
        command.Subcommands.Add(Prove());
        command.Subcommands.Add(Consistency());
        command.Subcommands.Add(CheckpointCommand());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Timestamp());
        command.Subcommands.Add(Cosign());
        return command;
    }

    private static Command Prove()
    {
        var index = new Argument<long>("N") { Description = "Event index" };
        var size = new Option<long?>("--size") { Description = "Tree size to prove against (default: the latest checkpoint)" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("prove", """
            Inclusion proof (RFC 9162 2.1.3) that event N is in the log at the latest checkpoint. Hashes are base64.

            Example:
              archive log prove 0 --json
            """)
        {
            index, size, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            if (!cli.Archive.LogService.TryProve(parse.GetValue(index), parse.GetValue(size), out var proof, out var problem))
            {
                throw new CliException(ExitCodes.NotFound, problem);
            }

            var result = ProofInfo.From(proof);
            if (parse.GetValue(json))
            {
                cli.WriteJson(result);
            }
            else
            {
                cli.Out.WriteLine($"event {proof.Index} in tree of size {proof.TreeSize}");
                cli.Out.WriteLine($"leaf  {result.LeafHash}");
                foreach (var p in result.Proof)
                {
                    cli.Out.WriteLine($"path  {p}");
                }

                cli.Out.WriteLine($"root  {result.Root}");
                cli.Out.WriteLine(proof.Verified ? "inclusion proof verifies" : "INCLUSION PROOF DOES NOT VERIFY");
            }

            return proof.Verified ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }

    private static Command Consistency()
    {
        var a = new Argument<long>("A") { Description = "Older tree size" };
        var b = new Argument<long>("B") { Description = "Newer tree size" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("consistency", """
            Consistency proof (RFC 9162 2.1.4) that the log of size A is a prefix of the log of size B: the log only grew.

            Example:
              archive log consistency 10 25 --json
            """)
        {
            a, b, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            if (!cli.Archive.LogService.TryConsistency(parse.GetValue(a), parse.GetValue(b), out var proof, out var problem))
            {
                throw new CliException(ExitCodes.NotFound, problem);
            }

            var result = ConsistencyJson.From(proof);
            if (parse.GetValue(json))
            {
                cli.WriteJson(result);
            }
            else
            {
                cli.Out.WriteLine($"size {proof.Size1} root {result.Root1}");
                cli.Out.WriteLine($"size {proof.Size2} root {result.Root2}");
                foreach (var p in result.Proof)
                {
                    cli.Out.WriteLine($"path  {p}");
                }

                cli.Out.WriteLine(proof.Verified ? "consistency proof verifies" : "CONSISTENCY PROOF DOES NOT VERIFY");
            }

            return proof.Verified ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }

    private static Command CheckpointCommand()
    {
        var json = GlobalOptions.JsonOption();
        var command = new Command("checkpoint", """
            Sign a checkpoint (tree size, Merkle root, time) over the whole log now.

            Example:
              archive log checkpoint
            """)
        {
            json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var checkpoint = cli.Archive.LogService.WriteCheckpoint()
                ?? throw new CliException(ExitCodes.Error, "the log is empty: nothing to checkpoint");
            if (parse.GetValue(json))
            {
                cli.WriteJson(CheckpointJson.From(checkpoint));
            }
            else
            {
                cli.Out.Write(checkpoint.Body);
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static Command Export()
    {
        var dir = new Argument<string>("DIR") { Description = "Folder to write log.jsonl, checkpoint.txt, checkpoint.sig, public.pem and the checkpoint's time stamp and cosignatures into" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("export", """
            Export the log for checking without this program: log.jsonl (one canonical event a line; leaf hash =
            SHA-256(0x00 || line)), checkpoint.txt, checkpoint.sig (DER ECDSA P-256) and public.pem. When the
            checkpoint was time-stamped: checkpoint.tst (the RFC 3161 token) and tsa-certs.pem (the TSA certificates it
            was checked against). For each witness that cosigned it: witnesses/<fingerprint>.pem and
            witnesses/<fingerprint>.cosig (DER ECDSA P-256 over checkpoint.txt). Keep the folder outside the archive
            and pass it to `archive verify --trust`.

            Example:
              archive log export out/
              openssl dgst -sha256 -verify out/public.pem -signature out/checkpoint.sig out/checkpoint.txt
              openssl ts -verify -data out/checkpoint.txt -in out/checkpoint.tst -token_in -CAfile out/tsa-certs.pem
              openssl dgst -sha256 -verify out/witnesses/FP.pem -signature out/witnesses/FP.cosig out/checkpoint.txt
            """)
        {
            dir, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var result = cli.Archive.LogService.Export(PathInput.Folder(parse.GetValue(dir), "DIR"), cli.Agent);
            if (parse.GetValue(json))
            {
                cli.WriteJson(result);
            }
            else
            {
                cli.Out.WriteLine($"exported {result.Events} events and the checkpoint at size {result.CheckpointSize} to {result.Directory}");
                cli.Out.WriteLine($"check it: openssl dgst -sha256 -verify {Path.Combine(result.Directory, "public.pem")} -signature {Path.Combine(result.Directory, "checkpoint.sig")} {Path.Combine(result.Directory, "checkpoint.txt")}");
                if (result.TimeStamped)
                {
                    cli.Out.WriteLine($"time stamp: openssl ts -verify -data {Path.Combine(result.Directory, "checkpoint.txt")} -in {Path.Combine(result.Directory, "checkpoint.tst")} -token_in -CAfile TSA-CA.pem");
                }

                foreach (var witness in result.Witnesses)
                {
                    var witnesses = Path.Combine(result.Directory, "witnesses");
                    cli.Out.WriteLine($"cosignature: openssl dgst -sha256 -verify {Path.Combine(witnesses, witness + ".pem")} -signature {Path.Combine(witnesses, witness + ".cosig")} {Path.Combine(result.Directory, "checkpoint.txt")}");
                }
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static Command Timestamp()
    {
        var tsa = new Option<string>("--tsa") { Description = "The time-stamping authority's URL (RFC 3161 over HTTP)", Required = true, HelpName = "URL" };
        var tsaCert = new Option<string>("--tsa-cert") { Description = "The TSA's certificate or its CA (PEM) the token must chain to", Required = true, HelpName = "PEM" };
        var json = GlobalOptions.JsonOption();
        var command = new Command("timestamp", """
            Have an RFC 3161 time-stamping authority vouch for when the log existed: sign a checkpoint over the whole
            log (unless the latest covers it), send SHA-256 of checkpoint.txt to the TSA, check the token (imprint,
            signature, TSA certificate chained to --tsa-cert at the stamped time) and store it with a timestamped
            event. verify checks every stored token; log export writes it as checkpoint.tst.

            Example:
              archive log timestamp --tsa http://tsa.example/tsr --tsa-cert tsa-ca.pem
              openssl ts -verify -data out/checkpoint.txt -in out/checkpoint.tst -token_in -CAfile tsa-ca.pem
            """)
        {
            tsa, tsaCert, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            var url = Uri.TryCreate(parse.GetValue(tsa), UriKind.Absolute, out var parsed)
                ? parsed
                : throw new CliException(ExitCodes.Usage, $"--tsa {parse.GetValue(tsa)}: not an absolute URL");
            var stamp = cli.Archive.Timestamps.StampAsync(url, parse.GetValue(tsaCert)!, cli.Agent, cancel).GetAwaiter().GetResult();
            if (parse.GetValue(json))
            {
                cli.WriteJson(stamp);
            }
            else
            {
                cli.Out.WriteLine(stamp.Message);
                cli.Out.WriteLine($"root {stamp.CheckpointRoot}; token serial {stamp.Serial}");
            }

            return ExitCodes.Ok;
        }, token)));
        return command;
    }

    private static Command Cosign()
    {
        var state = new Option<string>("--state") { Description = "The witness's folder, kept outside the archive: the last checkpoint it cosigned", HelpName = "DIR", Required = true };
        var witnessKey = new Option<string>("--witness-key") { Description = "The witness's private key (PEM), for example from `archive key generate`", HelpName = "PEM", Required = true };
        var json = GlobalOptions.JsonOption();
        var command = new Command("cosign", """
            Cosign the archive's latest checkpoint as a witness: only when it is signed by the archive key the
            witness pinned (or one the log hands over to) and the log extends the checkpoint the witness cosigned last
            (RFC 9162 consistency, as `archive audit`). The cosignature is a DER ECDSA P-256 signature over the exact
            bytes of checkpoint.txt, stored in the archive (verify checks every one) and written to the state folder:
              openssl dgst -sha256 -verify DIR/witness.pem -signature DIR/checkpoint.cosig DIR/checkpoint.txt
            A rollback or a rewritten log is refused (exit 3) and the state is left as it was. A witness key the
            archive's log signs or signed with, or one other than DIR/witness.pem, is refused (exit 2). Cosigning a
            checkpoint this witness already cosigned stores nothing new and says so.

            Example:
              archive log cosign --state ~/witness/state --witness-key ~/witness/key.pem
            """)
        {
            state, witnessKey, json,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, _) =>
        {
            var report = cli.Archive.Witness.Cosign(PathInput.Folder(parse.GetValue(state), "--state"), PathInput.File(parse.GetValue(witnessKey), "--witness-key"));
            if (parse.GetValue(json))
            {
                cli.WriteJson(report);
            }
            else
            {
                cli.Out.WriteLine(report.Message);
            }

            return report.Ok ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }
}
