using Archive.Core.Storage;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Archive.Core.Catalog;
using Archive.Core.Provenance;
using Microsoft.Data.Sqlite;

namespace Archive.Core.Verification;

/// <summary>The auditor's check: blobs and texts, the event log and its checkpoints, and the catalog against the log.</summary>
public sealed class Verifier
{
    private readonly ArchiveDatabase _database;
    private readonly ContentStore _store;
    private readonly EventLog _eventLog;
    private readonly ICaptureIndex _index;
    private readonly string _archiveRoot;

    internal Verifier(ArchiveDatabase database, ContentStore store, EventLog eventLog, ICaptureIndex index, string archiveRoot)
    {
        _database = database;
        _store = store;
        _eventLog = eventLog;
        _index = index;
        _archiveRoot = archiveRoot;
    }

    /// <summary>
    /// The most bytes of the events catalog rows are made from that the log read keeps for the catalog's check
    /// (<see cref="CaptureEvents"/>); the rest are read again. Set lower by tests, to check both ways.
    /// </summary>
    internal long KeptEventBytes { get; set; } = CaptureEvents.DefaultBudget;

    /// <summary>
    /// Runs every check, and checks each checkpoint in <paramref name="trust"/> against the log. When
    /// <paramref name="record"/> is set and the archive is writable, appends a fixity-checked event.
    /// </summary>
    public VerificationReport Verify(string agent, bool record, IProgress<VerifyProgress>? progress, CancellationToken cancellationToken, TrustOptions? trust = null)
    {
        trust ??= TrustOptions.None;
        foreach (var folder in trust.Folders)
        {
            TrustChecker.RequireCheckpoint(folder);
        }

        using var pinned = trust.KeyPath is null ? null : CheckpointSigner.LoadPublicKey(trust.KeyPath);
        using var anchors = TrustAnchors.Load(trust);
        var clock = Stopwatch.StartNew();
        // File times are stamped by the system clock, so the files a write beside this check made are told by it.
        var began = TimeProvider.System.GetUtcNow();
        var phases = new List<(string, TimeSpan)>();
        var mark = TimeSpan.Zero;
        void Lap(string name)
        {
            var now = clock.Elapsed;
            phases.Add((name, now - mark));
            mark = now;
        }

        // Three jobs share the cores: reading the whole log (from the start, beside the catalog), re-hashing the
        // originals and texts the catalog names, and the search index's own check, which starts with the hashing
        // once the catalog is read (the hashing waits for the catalog; the index check waits for nothing). Blobs
        // named only by events are hashed once the log has been read.
        Task<(IReadOnlyList<IndexFinding> Findings, TimeSpan Took)>? indexing = null;
        Task<(List<string> Listed, TimeSpan Took)>? hashing = null;
        Task<LogScan>? reading = null;
        Task<CheckpointSigner>? signing = null;
        Task<List<VerificationItem>>? catalogCheck = null;
        using var connection = _database.OpenForScan();
        using var fixity = new FixityAuditor(_store);
        try
        {
            // The archive key is read and parsed (20-40 ms of PEM and OpenSSL set-up in a new process) beside the
            // scans rather than after them: the checkpoint checks start with the key history it begins.
            signing = Task.Run(() => _eventLog.Signer, cancellationToken);
            FixityAuditor.CaptureRow[] captures;
            long lastEvent;
            using (var snapshot = connection.BeginTransaction(deferred: true))
            {
                // The log's bounds and the catalog from one snapshot: every capture read has its events within the
                // bounds, which are then read on other connections (events are only appended) while the catalog is read.
                var bounds = LogAuditor.ReadBounds(connection, snapshot);
                lastEvent = bounds.Last;
                reading = Task.Run(() => LogAuditor.Scan(_database, bounds, KeptEventBytes, cancellationToken));
                captures = fixity.ReadCaptures(connection);
            }

            Lap("catalog");
            indexing = Task.Run(() => Timed(clock, () => _index.Audit(cancellationToken)));
            hashing = Task.Run(() => Timed(clock, () =>
            {
                fixity.HashPending(progress, cancellationToken);
                return fixity.ListUnexpected();
            }));
            var scan = reading.GetAwaiter().GetResult();
            // Once the log's leaves are known, the catalog's rows are checked against the events they authenticate, on
            // a thread of its own: the pool's are held by the jobs above, and a job queued behind them can wait half a second.
            catalogCheck = Task.Factory.StartNew(() => CatalogAgainstLog.Check(_database, scan.RowEvents, scan.Leaves, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Lap("log read (the rest of it)");
            using var keys = KeyHistory.Build(_eventLog.Origin, scan.KeyChanges, signing.GetAwaiter().GetResult());
            var log = LogAuditor.Audit(scan, keys);
            Lap("checkpoints");

            var (listed, hashTook) = hashing.GetAwaiter().GetResult();
            foreach (var named in scan.Named)
            {
                if (named.Kind == NamedBlob.EarlierText)
                {
                    fixity.ExpectEarlierText(named.Digest, named.CaptureId);
                }
                else
                {
                    fixity.Expect(named.Kind, named.Digest, named.CaptureId);
                }
            }

            fixity.HashPending(progress, cancellationToken);
            var (ok, problems, files, bytes) = fixity.Finish(listed);
            problems = InFlightFiles.LeaveOut(_database, _store, problems, lastEvent, began, cancellationToken);
            phases.Add(("hashing (beside the log)", hashTook));
            Lap("blobs named by events, untracked files");
            problems.AddRange(log.Problems);
            problems.AddRange(CrossCheck(captures, log));
            problems.AddRange(catalogCheck.GetAwaiter().GetResult());
            problems.AddRange(CosignatureStore.Problems(connection, anchors.PinsWitnesses ? [.. anchors.WitnessKeyIds] : null).Select(p => new VerificationItem("cosignature", ItemStatus.Changed, Detail: p)));
            Lap("catalog against the log, cosignatures");
            var (findings, indexTook) = indexing!.GetAwaiter().GetResult();
            problems.AddRange(findings.Select(f => new VerificationItem("index", f.Status, f.CaptureId, Detail: f.Detail)));
            phases.Add(("index (beside the log)", indexTook));
            Lap("index wait");
            problems = WithTitles(connection, problems);
            var trusted = trust.Folders.Select(folder => TrustChecker.WithAttestations(CheckTrusted(folder, _eventLog.Origin, pinned, trust.KeyPath, keys, log), folder, anchors)).ToList();
            var stamps = new TimestampService(_database, _eventLog).Audit(anchors.Tsa, scan.Timestamped, scan.Next);
            Lap("trust, time stamps");
            clock.Stop();

            long? recordedAt = null;
            string? notRecorded = null;
            if (record && _eventLog.Signer.CanSign && !IsReadOnly())
            {
                try
                {
                    recordedAt = Record(connection, agent, ok, problems, trusted.Count(t => !t.IsOk) + stamps.Count(s => !s.IsOk), files, bytes);
                }
                catch (ArchiveException ex)
                {
                    // The log refused the event (its frontier disagrees with its events): the report stands, and says so.
                    notRecorded = ex.Message;
                }
            }

            return new VerificationReport(ok, problems, files, bytes, log.Events, log.Checkpoints, Convert.ToBase64String(log.Root), clock.Elapsed, recordedAt)
            {
                Hashing = fixity.Busy,
                Phases = phases,
                Trust = trusted,
                Timestamps = stamps,
                NotRecorded = notRecorded,
            };
        }
        catch
        {
            // The jobs beside the log finish before the error leaves: none may touch the archive after Verify returns.
            try
            {
                Task?[] jobs = [indexing, hashing, reading, signing, catalogCheck];
                Task.WaitAll(jobs.OfType<Task>());
            }
            catch (AggregateException)
            {
            }

            throw;
        }
    }

    private static (T Result, TimeSpan Took) Timed<T>(Stopwatch clock, Func<T> work)
    {
        var started = clock.Elapsed;
        var result = work();
        return (result, clock.Elapsed - started);
    }

    /// <summary>
    /// Checks one auditor-held checkpoint under the pinned key, else under the archive key the log says signed it
    /// (the current one, or one it changed from). When that key is a former archive key, the message names the key
    /// changes that lead from it to the current key.
    /// </summary>
    private static TrustItem CheckTrusted(string folder, string origin, CheckpointSigner? pinned, string? pinnedPath, KeyHistory keys, LogAudit log)
    {
        var key = pinned ?? (TrustChecker.FolderKeyId(folder) is { } folderKey ? keys.Find(folderKey) : null) ?? keys.Current;
        var source = pinnedPath ?? (key == keys.Current ? "the archive's key" : "a former key of the archive");
        var item = TrustChecker.Check(folder, origin, key, source, log.Leaves, log.Leaves.Count);
        if (!item.IsOk || key.KeyId == keys.Current.KeyId)
        {
            return item;
        }

        // A key the log never handed over from (an auditor's own, say) vouches for this checkpoint only: the log extends
        // it, so nothing before it was rolled back or rewritten, but the archive's later checkpoints are signed by a key
        // it does not lead to. Said, so that a key swapped in under an unchanged history is not taken for continuity.
        if (keys.PathFrom(key.KeyId, log.Leaves.Count) is not { Count: > 0 } path)
        {
            return item with
            {
                Message = item.Message + $"; note: the archive's checkpoints are now signed by sha256:{keys.Current.KeyId[..16]}…, and no signed key change in the log leads to it from the pinned key sha256:{key.KeyId[..16]}…; `archive audit --state` checks the archive key's continuity",
            };
        }

        var changes = string.Join(", ", path.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"event {c.Index} (sha256:{c.OldKey[..16]}… → sha256:{c.NewKey[..16]}…)")));
        return item with { Message = item.Message + $"; the key changed since, each change signed by the key it retired: {changes}" };
    }

    /// <summary>Every capture must have the text digest its text-extracted event recorded (the rest of its row: <see cref="CatalogAgainstLog"/>).</summary>
    private static List<VerificationItem> CrossCheck(FixityAuditor.CaptureRow[] captures, LogAudit log)
    {
        var problems = new List<VerificationItem>();
        foreach (var capture in captures)
        {
            var (id, text) = (capture.Id, capture.Text);
            if (!log.TextByCapture.TryGet(id, out var logged))
            {
                problems.Add(new VerificationItem("catalog", ItemStatus.Untracked, id.ToString(), Detail: "capture has no text-extracted event in the log"));
            }
            else if (logged != text)
            {
                problems.Add(new VerificationItem("catalog", ItemStatus.Changed, id.ToString(), Expected: logged.ToString(), Actual: text.ToString(), Detail: "the catalog's text digest differs from the one the log recorded"));
            }
        }

        return problems;
    }

    /// <summary>Adds each capture's title to the problems about its files and its catalog row (read only for those).</summary>
    private static List<VerificationItem> WithTitles(SqliteConnection connection, List<VerificationItem> problems)
    {
        string[] kinds = ["original", "text", "screenshot", "layout", "catalog"];
        var ids = problems.Where(p => p.Id is not null && p.Title is null && kinds.Contains(p.Kind)).Select(p => p.Id!).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return problems;
        }

        var titles = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        var all = ids.Count > 100;
        command.CommandText = all
            ? "SELECT id, title FROM captures"
            : "SELECT id, title FROM captures WHERE id = $id";
        var parameter = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in all ? [string.Empty] : ids)
        {
            parameter.Value = id;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                titles[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        return [.. problems.Select(p => p.Id is not null && p.Title is null && kinds.Contains(p.Kind) && titles.GetValueOrDefault(p.Id) is { } title ? p with { Title = title } : p)];
    }

    private long Record(SqliteConnection connection, string agent, int ok, List<VerificationItem> problems, int trustFailures, int files, long bytes)
    {
        using var transaction = ArchiveDatabase.BeginWrite(connection);
        var appender = _eventLog.BeginAppend(connection, transaction);
        var data = new JsonObject
        {
            ["ok"] = ok,
            ["problems"] = problems.Count,
            ["files"] = files,
            ["bytes"] = bytes,
            ["changed"] = problems.Count(p => p.Status == ItemStatus.Changed),
            ["missing"] = problems.Count(p => p.Status == ItemStatus.Missing),
            ["untracked"] = problems.Count(p => p.Status == ItemStatus.Untracked),
            ["unreadable"] = problems.Count(p => p.Status == ItemStatus.Unreadable),
        };
        // Only when a trusted checkpoint failed, so events of ordinary runs keep their shape.
        if (trustFailures > 0)
        {
            data["trust_failed"] = trustFailures;
        }

        var logged = appender.Append(new NewEvent(EventType.FixityChecked, null, agent, problems.Count == 0 && trustFailures == 0 ? "ok" : "problems", data));
        appender.Seal();
        transaction.Commit();
        return logged.Index;
    }

    private bool IsReadOnly()
    {
        try
        {
            var probe = Path.Combine(_archiveRoot, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
