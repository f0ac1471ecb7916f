using System.CommandLine;
using Archive.Core.Verification;

namespace Archive.Cli.Commands;

/// <summary><c>archive verify</c>: the auditor's check of every blob, text, event and checkpoint.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.JsonOption();
        var noRecord = new Option<bool>("--no-record") { Description = "Do not append a fixity-checked event (for read-only copies this is automatic)" };
        var trust = new Option<string[]>("--trust")
        {
            Description = "Also check checkpoints saved earlier, each a folder as `archive log export` writes it: the log must extend each one",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "DIR",
        };
        var tsaCert = new Option<string>("--tsa-cert") { Description = "Check time stamps against these TSA certificates (PEM) instead of those kept with each token", HelpName = "PEM" };
        var witnessKey = new Option<string[]>("--witness-key")
        {
            Description = "Pin a witness's public key (PEM): every stored cosignature must be by a pinned witness",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "PEM",
        };
        var trustKey = new Option<string>("--trust-key") { Description = "The public key (PEM) trusted checkpoints must be signed with (default: the archive's key)", HelpName = "PEM" };
        var command = new Command("verify", $"""
            Re-hash every stored original and text (streamed), recompute the Merkle root over all events, check it
            against every signed checkpoint and check every signature. Problems are reported as changed, missing,
            untracked or unreadable, with expected and actual digests and the document's id and title.
            A fixity-checked event is recorded.

            With --trust DIR..., each checkpoint saved outside the archive (checkpoint.txt, checkpoint.sig,
            public.pem, and log.jsonl if kept) must be signed by the pinned key and the current log must extend it
            (RFC 9162 consistency). A rolled-back log (shorter than a trusted checkpoint) or a rewritten one (another
            root at its size; the first differing event is named when log.jsonl is there) exits 3. The folder's
            cosignatures (witnesses/<fingerprint>.cosig with .pem, or a witness state's checkpoint.cosig with
            witness.pem) must hold over its checkpoint.txt, and its checkpoint.tst under the pinned TSA certificates;
            else bad-cosignature or bad-timestamp, exit 3.

            Pinning: the witness keys in --trust folders and --witness-key PEM..., and the TSA certificates in
            --trust folders (tsa-certs.pem) and --tsa-cert PEM. When any witness key is pinned, every cosignature
            stored in the archive must be by one of them; when any TSA certificate is pinned, every stored token
            must chain to one. Otherwise each is checked against the key or certificates stored beside it.

            Every RFC 3161 token from `archive log timestamp` is checked: it stamps SHA-256 of its checkpoint, its
            signature holds, and the TSA certificate chains (at the stamped time) to the certificates kept with it,
            or to the pinned ones. A changed token, a token for another hash, an expired or another TSA exits 3.
            Each signed timestamped event in the log must find the token it records stored (its SHA-256, serial, TSA
            subject and time): a token deleted from the catalog is missing, one no event records is untracked, and
            one put in the place of the recorded token fails naming what differs; each exits 3.

            JSON (--json): {"{"}"ok": bool, "ok_items": N, "problems": [{"{"}"kind", "status", "id", "title", "path",
            "expected", "actual", "log_index", "detail"{"}"}], "blobs_checked", "bytes_hashed", "events",
            "checkpoints", "root", "seconds", "mb_per_second", "recorded_at_index", "trust": [{"{"}"folder", "size",
            "root", "status" (ok, rolled-back, rewritten, other-log, bad-signature, unknown-key, bad-cosignature,
            bad-timestamp), "key", "message", "witnesses", "timestamped_at"{"}"}],
            "timestamps": [{"{"}"checkpoint_size", "checkpoint_root", "tsa", "tsa_subject", "gen_time", "serial",
            "status" (ok, failed, missing, untracked), "message", "event_index"{"}"}],
            "not_recorded" (why the fixity-checked event could not be recorded, when it could not),
            "vectors": {"{"}"model", "embedded", "chunks", "lexical", "waiting", "broken"{"}"} or null,
            "phases": [{"{"}"name", "seconds"{"}"}] (where the time went; hashing and the index check run beside the
            log read){"}"}

            {ExitCodes.Help}

            Example:
              archive verify --json
              archive verify --trust ~/audit/2026-03-01 --trust-key ~/audit/archive-key.pem
              archive verify --trust ~/audit/2026-03-01 --witness-key ~/audit/witness.pem --tsa-cert ~/audit/tsa-ca.pem
            """)
        {
            json, noRecord, trust, trustKey, tsaCert, witnessKey,
        };
        command.SetAction((parse, token) => Task.FromResult(CliContext.Execute(parse, (cli, cancel) =>
        {
            // One batch job in a short-lived process: background (concurrent) collections only slow it down, as it
            // keeps tens of megabytes alive while it reads the whole log and catalog.
            if (parse.GetValue(trustKey) is not null && (parse.GetValue(trust) ?? []).Length == 0)
            {
                // Pinning a key with nothing to check against it would report OK whatever key signs this archive.
                throw new CliException(ExitCodes.Usage, "--trust-key pins the key of the checkpoints in --trust folders: give --trust DIR too");
            }

            System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
            if (CliHost.OwnsProcess)
            {
                HugePages.AdviseManagedHeap();
                UnsharedConnections.Use();
            }

            using var noCollections = CliHost.OwnsProcess ? new NoCollections(NoCollections.BudgetFor(CatalogBytes(cli.Layout))) : null;
            var verifier = cli.Archive.Verifier;
            var record = !parse.GetValue(noRecord);
            // The vectors' check (every stored vector against its seal, about half a second for 40,000 chunks) reads
            // vectors.db and the catalog's list of texts, nothing verify writes: it runs beside verify, not after it.
            var semantic = cli.Archive.Semantic;
            var checkingVectors = semantic.Exists
                ? Task.Factory.StartNew(() => semantic.Status(cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : null;
            VerificationReport report;
            try
            {
                report = ProgressBar.Run<VerifyProgress, VerificationReport>(
                    cli, parse.GetValue(json), "verifying", p => (p.Done, p.Total), progress => verifier.Verify(cli.Agent, record, progress, cancel, new TrustOptions(parse.GetValue(trust) ?? [], parse.GetValue(trustKey), parse.GetValue(tsaCert)) { WitnessKeyPaths = parse.GetValue(witnessKey) ?? [] }));
            }
            catch
            {
                // The check beside ends before the error leaves: nothing may touch the archive after the command.
                try
                {
                    checkingVectors?.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                }

                throw;
            }

            var vectors = checkingVectors?.GetAwaiter().GetResult() is { } s
                ? new VectorsSummary(s.Model, s.Embedded, s.Chunks, s.Lexical, s.Waiting, s.Broken)
                : null;
            if (parse.GetValue(json))
            {
                cli.Out.WriteLine(VerifyReportJson.Write(VerifyReport.From(report) with { Vectors = vectors }));
            }
            else
            {
                foreach (var p in report.Problems)
                {
                    var what = p.Id is null ? p.Path : $"{p.Id[..Math.Min(19, p.Id.Length)]} {p.Title}";
                    cli.Out.WriteLine($"{p.Status.ToUpperInvariant(),-10} {p.Kind,-10} {what}");
                    if (p.Expected is not null || p.Actual is not null)
                    {
                        cli.Out.WriteLine($"           expected {p.Expected ?? "-"}");
                        cli.Out.WriteLine($"           actual   {p.Actual ?? "-"}");
                    }

                    if (p.Detail is not null)
                    {
                        cli.Out.WriteLine($"           {p.Detail}");
                    }
                }

                foreach (var t in report.Trust)
                {
                    cli.Out.WriteLine($"{t.Status.ToUpperInvariant(),-10} trust      {t.Message}");
                }

                foreach (var t in report.Timestamps)
                {
                    cli.Out.WriteLine($"{t.Status.ToUpperInvariant(),-10} timestamp  {t.Message}");
                }

                cli.Out.WriteLine($"{report.Ok} ok, {report.Problems.Count} problems; {report.BlobsChecked} files, {report.BytesHashed / 1e6:0.0} MB in {report.Elapsed.TotalSeconds:0.00} s ({report.MegabytesPerSecond:0} MB/s); log of {report.Events} events, {report.Checkpoints} checkpoints");
                if (vectors is not null)
                {
                    cli.Out.WriteLine($"vectors: {vectors.Embedded} texts as {vectors.Chunks} chunks; {vectors.Lexical} lexical only; {vectors.Waiting} waiting to be embedded{(vectors.Waiting > 0 ? " (`archive embed`, or `archive serve` in the background)" : string.Empty)}");
                    if (vectors.Broken.Count > 0)
                    {
                        cli.Out.WriteLine($"REMOVED    vectors    {vectors.Broken.Count} texts whose vectors failed their seals; they wait to be embedded again");
                    }
                }

                if (report.NotRecorded is not null)
                {
                    cli.Out.WriteLine($"verify: could not record the result: {report.NotRecorded}");
                }

                cli.Out.WriteLine(report.IsOk ? "verify: OK" : $"verify: PROBLEMS FOUND ({Failures(report)})");
            }

            return report.IsOk ? ExitCodes.Ok : ExitCodes.IntegrityProblem;
        }, token)));
        return command;
    }

    /// <summary>What failed, counted by kind: the problems line above counts the archive's items only.</summary>
    private static string Failures(VerificationReport report)
    {
        var parts = new List<string>();
        if (report.Problems.Count > 0)
        {
            parts.Add($"{report.Problems.Count} {(report.Problems.Count == 1 ? "problem" : "problems")}");
        }

        if (report.Trust.Count(t => !t.IsOk) is var trust and > 0)
        {
            parts.Add($"{trust} trusted {(trust == 1 ? "checkpoint" : "checkpoints")} not held");
        }

        if (report.Timestamps.Count(t => !t.IsOk) is var stamps and > 0)
        {
            parts.Add($"{stamps} time {(stamps == 1 ? "stamp" : "stamps")} failed");
        }

        if (report.NotRecorded is not null)
        {
            parts.Add("result not recorded");
        }

        return string.Join(", ", parts);
    }

    /// <summary>The catalog's size with its write-ahead log, 0 where there is none yet (opening it then says so).</summary>
    private static long CatalogBytes(Archive.Core.Storage.ArchiveLayout layout)
    {
        long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
        return Size(layout.CatalogPath) + Size(layout.CatalogPath + "-wal");
    }
}
