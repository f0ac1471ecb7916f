using System.Security.Cryptography;
using System.Text;
using Archive.Core.Provenance;
using Archive.Core.Storage;

namespace Archive.Core.Verification;

/// <summary>
/// An auditor's memory outside the archive: a folder holding the last checkpoint it accepted (checkpoint.txt,
/// checkpoint.sig, public.pem). Each run checks that the archive's latest checkpoint is signed by the pinned key,
/// matches the log, and extends the saved one; only then is the saved one replaced. The archive is not written.
/// </summary>
public sealed class CheckpointAuditor
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _eventLog;

    internal CheckpointAuditor(ArchiveDatabase database, EventLog eventLog)
    {
        _database = database;
        _eventLog = eventLog;
    }

    /// <summary>
    /// Audits against the state in <paramref name="stateDirectory"/> (created on the first run). The pinned key is
    /// <paramref name="keyPath"/> when given, else the public.pem saved in the state, else (first run) the archive's key.
    /// A state with a saved checkpoint but no public.pem fails unless <paramref name="keyPath"/> is given.
    /// </summary>
    public AuditReport Audit(string stateDirectory, string? keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        var saved = Path.Combine(stateDirectory, TrustChecker.CheckpointFile);
        var first = !File.Exists(saved);
        var statePem = Path.Combine(stateDirectory, TrustChecker.PublicKeyFile);
        var (pinnedPath, keySource) = keyPath is not null ? (keyPath, keyPath)
            : !first && File.Exists(statePem) ? (statePem, $"saved in {stateDirectory}")
            : ((string?)null, "the archive's key");
        using var pinned = pinnedPath is null ? null : CheckpointSigner.LoadPublicKey(pinnedPath);
        var key = pinned ?? _eventLog.Signer;

        List<byte[]> leaves;
        StoredCheckpoint latest;
        KeyHistory keys;
        using (var connection = _database.Open())
        {
            latest = CheckpointStore.ReadAll(connection).MaxBy(c => (c.TreeSize, c.Id))
                ?? throw new ArchiveException(ArchiveErrorKind.NeedsAction, "the log has no checkpoint yet: ingest something or run `archive log checkpoint`");
            leaves = TrustChecker.ReadLeaves(connection);
            keys = KeyHistory.Read(connection, _eventLog.Origin, _eventLog.Signer);
        }

        using var history = keys;

        var full = Path.GetFullPath(stateDirectory);
        var current = Checkpoint.TryParse(latest.Body);
        AuditReport Fail(string status, string message, TrustItem? previous = null) =>
            new(false, full, status, latest.TreeSize, latest.Root, key.KeyId, false, message, previous);

        // Pinning the archive's key again would accept whatever it signs now: losing the pin must not reset the audit.
        if (!first && keyPath is null && !File.Exists(statePem))
        {
            return Fail(TrustStatus.UnknownKey, $"{statePem} is missing: the state holds a saved checkpoint but not the key it pinned; restore the file or pass --trust-key PEM; the saved checkpoint was kept");
        }

        // After a key change the latest checkpoint is signed by the new key; it is accepted only through changes in
        // the log, each signed by the key it retired, that lead from the pinned key to it.
        var signer = keys.KeyFor(latest.TreeSize);
        IReadOnlyList<KeyChange> followed = [];
        if (signer.KeyId != key.KeyId)
        {
            if (keys.PathFrom(key.KeyId, latest.TreeSize) is not { Count: > 0 } path)
            {
                return Fail(TrustStatus.BadSignature, $"the archive's latest checkpoint (size {latest.TreeSize}) is not signed by the pinned key {key.KeyId[..16]} ({keySource}), and no signed key change in the log leads from that key to {signer.KeyId[..16]}");
            }

            followed = path;
        }

        if (!signer.Verify(Encoding.UTF8.GetBytes(latest.Body), latest.Signature) || current is null)
        {
            return Fail(TrustStatus.BadSignature, $"the archive's latest checkpoint (size {latest.TreeSize}) is not signed by the pinned key {signer.KeyId[..16]} ({(signer == key ? keySource : "reached by key changes")})");
        }

        if (current.TreeSize != latest.TreeSize || Convert.ToBase64String(current.Root) != latest.Root)
        {
            return Fail(TrustStatus.Rewritten, $"the archive's latest checkpoint is stored as size {latest.TreeSize} (root {latest.Root}) but its signed text says size {current.TreeSize}: the catalog was changed; run `archive verify`");
        }

        if (current.TreeSize > leaves.Count || !CryptographicOperations.FixedTimeEquals(new MerkleTree(leaves).Root(current.TreeSize), current.Root))
        {
            return Fail(TrustStatus.Rewritten, $"the archive's latest checkpoint (size {current.TreeSize}) does not match its own log: run `archive verify`");
        }

        if (first)
        {
            Save(stateDirectory, latest, key, leaves);
            return new AuditReport(true, full, AuditReport.Started, latest.TreeSize, latest.Root, key.KeyId, true,
                $"saved the archive's checkpoint of {latest.TreeSize} events in {stateDirectory}, pinning key {key.KeyId[..16]} ({keySource}); later runs check the log only grew from here");
        }

        var previous = TrustChecker.Check(stateDirectory, _eventLog.Origin, key, keySource, leaves, current.TreeSize);
        if (!previous.IsOk)
        {
            return Fail(previous.Status, previous.Message + "; the saved checkpoint was kept", previous);
        }

        var advanced = previous.Size != latest.TreeSize || previous.Root != latest.Root;
        // A state saved before it kept leaf hashes gains them now: the log was just shown to extend its checkpoint.
        if (advanced || !File.Exists(Path.Combine(stateDirectory, CheckpointFolder.LeavesFile)))
        {
            Save(stateDirectory, latest, signer, leaves);
        }

        var keyNote = followed.Count == 0 ? string.Empty
            : "; followed the key change" + (followed.Count > 1 ? "s" : string.Empty) + " at " + string.Join(", ", followed.Select(c => $"event {c.Index} (sha256:{c.OldKey[..16]}… → sha256:{c.NewKey[..16]}…)")) + ", each signed by the key it retired, and pinned the new key";
        return new AuditReport(true, full, TrustStatus.Ok, latest.TreeSize, latest.Root, signer.KeyId, advanced,
            (advanced ? $"the log grew from {previous.Size} to {latest.TreeSize} events and extends the saved checkpoint; saved the new one" : $"the log is unchanged at {latest.TreeSize} events") + keyNote, previous);
    }

    // Each file goes in whole (written beside it, then renamed), so a crash leaves old or new files, never a torn one.
    private static void Save(string directory, StoredCheckpoint checkpoint, CheckpointSigner key, List<byte[]> leaves)
    {
        OutputFolder.Create(directory);
        // The leaf hashes up to the checkpoint's size, used only when they rebuild its signed root: after a crash between
        // the two files they do not, and a later run still checks consistency, only without naming the changed event.
        var hashes = new byte[checked(checkpoint.TreeSize * MerkleHash.Size)];
        for (var i = 0; i < checkpoint.TreeSize; i++)
        {
            leaves[i].CopyTo(hashes, i * MerkleHash.Size);
        }

        // A witness's cosignature is over the checkpoint it sits beside: once another one replaces it (a plain audit of
        // the witness's state, or a cosign that stopped before signing), it would read as a forged or altered file.
        // It goes first, so a crash leaves a state that is merely not cosigned; the archive keeps its copy.
        var saved = Path.Combine(directory, TrustChecker.CheckpointFile);
        if (!File.Exists(saved) || File.ReadAllText(saved) != checkpoint.Body)
        {
            File.Delete(Path.Combine(directory, CheckpointFolder.StateCosignatureFile));
        }

        Replace(Path.Combine(directory, CheckpointFolder.LeavesFile), hashes);
        Replace(Path.Combine(directory, TrustChecker.PublicKeyFile), Encoding.UTF8.GetBytes(key.PublicKeyPem + "\n"));
        Replace(Path.Combine(directory, TrustChecker.SignatureFile), checkpoint.Signature);
        Replace(Path.Combine(directory, TrustChecker.CheckpointFile), Encoding.UTF8.GetBytes(checkpoint.Body));
    }

    private static void Replace(string path, byte[] bytes)
    {
        var temporary = path + ".new";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
