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
        var pinnedTsa = trust.TsaCertificatePath is null ? null : TimestampCheck.LoadCertificates(trust.TsaCertificatePath);
        var clock = Stopwatch.StartNew();
        using var connection = _database.Open();
        var (ok, problems, files, bytes) = FixityAuditor.Audit(connection, _store, progress, cancellationToken);
        var hashing = clock.Elapsed;
        using var keys = KeyHistory.Read(connection, _eventLog.Origin, _eventLog.Signer);
        var log = LogAuditor.Audit(connection, keys, cancellationToken);
        problems.AddRange(log.Problems);
        problems.AddRange(CrossCheck(connection, log));
        problems.AddRange(CosignatureStore.Problems(connection).Select(p => new VerificationItem("cosignature", ItemStatus.Changed, Detail: p)));
        problems.AddRange(_index.Audit(cancellationToken).Select(f => new VerificationItem("index", f.Status, f.CaptureId, Detail: f.Detail)));
        var trusted = trust.Folders.Select(folder => CheckTrusted(folder, pinned, trust.KeyPath, keys, log)).ToList();
        var stamps = new TimestampService(_database, _eventLog).Audit(pinnedTsa);
        clock.Stop();

        long? recordedAt = null;
        if (record && _eventLog.Signer.CanSign && !IsReadOnly())
        {
            recordedAt = Record(connection, agent, ok, problems, trusted.Count(t => !t.IsOk) + stamps.Count(s => !s.IsOk), files, bytes);
        }

        return new VerificationReport(ok, problems, files, bytes, log.Events, log.Checkpoints, Convert.ToBase64String(log.Root), clock.Elapsed, recordedAt)
        {
            Hashing = hashing,
            Trust = trusted,
            Timestamps = stamps,
        };
    }

    /// <summary>
    /// Checks one auditor-held checkpoint under the pinned key, else under the archive key the log says signed it
    /// (the current one, or one it changed from). When that key is a former archive key, the message names the key
    /// changes that lead from it to the current key.
    /// </summary>
    private static TrustItem CheckTrusted(string folder, CheckpointSigner? pinned, string? pinnedPath, KeyHistory keys, LogAudit log)
    {
        var key = pinned ?? (TrustChecker.FolderKeyId(folder) is { } folderKey ? keys.Find(folderKey) : null) ?? keys.Current;
        var source = pinnedPath ?? (key == keys.Current ? "the archive's key" : "a former key of the archive");
        var item = TrustChecker.Check(folder, key, source, log.Leaves, log.Leaves.Count);
        if (!item.IsOk || key.KeyId == keys.Current.KeyId)
        {
            return item;
        }

        // A key the log never used (an auditor's own, say) is only pinned for this checkpoint; broken changes are reported by the log audit.
        if (keys.PathFrom(key.KeyId, log.Leaves.Count) is not { Count: > 0 } path)
        {
            return item;
        }

        var changes = string.Join(", ", path.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"event {c.Index} (sha256:{c.OldKey[..16]}… → sha256:{c.NewKey[..16]}…)")));
        return item with { Message = item.Message + $"; the key changed since, each change signed by the key it retired: {changes}" };
    }

    /// <summary>Every capture must have the text digest its text-extracted event recorded.</summary>
    private static List<VerificationItem> CrossCheck(SqliteConnection connection, LogAudit log)
    {
        var problems = new List<VerificationItem>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, text_sha256, title FROM captures ORDER BY rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var text = reader.GetString(1);
            var title = reader.IsDBNull(2) ? null : reader.GetString(2);
            if (!log.TextByCapture.TryGetValue(id, out var logged))
            {
                problems.Add(new VerificationItem("catalog", ItemStatus.Untracked, id, title, Detail: "capture has no text-extracted event in the log"));
            }
            else if (!string.Equals(logged, text, StringComparison.Ordinal))
            {
                problems.Add(new VerificationItem("catalog", ItemStatus.Changed, id, title, Expected: logged, Actual: text, Detail: "the catalog's text digest differs from the one the log recorded"));
            }
        }

        return problems;
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
