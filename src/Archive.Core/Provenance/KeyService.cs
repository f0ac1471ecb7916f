using System.Text;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>Shows the archive's signing key, makes new keys, and changes the key as a signed event in the log.</summary>
internal sealed class KeyService(ArchiveDatabase database, EventLog log, ArchiveLayout layout)
{
    public KeyInfo Show()
    {
        var signer = log.Signer;
        using var connection = database.Open();
        using var history = KeyHistory.Read(connection, log.Origin, signer);
        return new KeyInfo(
            "sha256:" + signer.KeyId,
            layout.PublicKeyPath,
            layout.PrivateKeyPath,
            IsOutside(layout.PrivateKeyPath),
            signer.CanSign,
            history.Changes.Select(c => new KeyChangeInfo(c.Index, "sha256:" + c.OldKey, "sha256:" + c.NewKey)).ToList(),
            history.Problems.Select(p => p.Message).ToList());
    }

    /// <summary>Writes a new P-256 private key (mode 0600) to <paramref name="path"/>, never over an existing file; returns its fingerprint.</summary>
    public static string Generate(string path)
    {
        using var key = CheckpointSigner.GeneratePrivateKey(path);
        return "sha256:" + key.KeyId;
    }

    /// <summary>
    /// Hands the archive over to the key in <paramref name="newKeyPath"/>: appends a key-changed event signed by the
    /// current key and the new one, seals a checkpoint with the new key, and publishes the new public key. A retired
    /// private key kept inside the archive is deleted, so whoever can write the archive cannot sign with it.
    /// </summary>
    public KeyChangeInfo Change(string newKeyPath, string agent)
    {
        ArgumentException.ThrowIfNullOrEmpty(newKeyPath);
        var current = log.Signer;
        if (!current.CanSign)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction,
                $"the current private key ({layout.PrivateKeyPath}) is not readable: a key change must be signed by the key it retires; pass it with --key or {ArchiveLayout.KeyVariable}");
        }

        using var next = CheckpointSigner.LoadPrivateKey(newKeyPath);
        if (next.KeyId == current.KeyId)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{newKeyPath} is already the archive's key (sha256:{current.KeyId[..16]}…)");
        }

        using (var check = database.Open())
        using (var history = KeyHistory.Read(check, log.Origin, current))
        {
            if (history.Problems.Count > 0)
            {
                throw new ArchiveException(ArchiveErrorKind.NeedsAction, $"the key history does not follow ({history.Problems[0].Message}): run `archive verify`");
            }
        }

        long index;
        Checkpoint checkpoint;
        using (var connection = database.Open())
        using (var transaction = ArchiveDatabase.BeginWrite(connection))
        {
            var appender = log.BeginAppend(connection, transaction);
            index = appender.Size;
            var statement = KeyChange.StatementFor(log.Origin, index, current.KeyId, next.KeyId);
            var bytes = Encoding.UTF8.GetBytes(statement);
            var change = new KeyChange(index, current.KeyId, current.PublicKeyPem, next.KeyId, next.PublicKeyPem, statement, current.Sign(bytes), next.Sign(bytes));
            appender.Append(new NewEvent(EventType.KeyChanged, null, agent, "ok", change.ToData()));
            checkpoint = appender.Seal(next) ?? throw new InvalidOperationException("the new key did not sign a checkpoint");
            transaction.Commit();
        }

        var temporary = layout.PublicKeyPath + ".new";
        File.WriteAllText(temporary, next.PublicKeyPem + "\n");
        File.Move(temporary, layout.PublicKeyPath, overwrite: true);

        string? removed = null;
        var inside = layout.DefaultPrivateKeyPath;
        if (File.Exists(inside) && !SamePath(inside, newKeyPath))
        {
            File.Delete(inside);
            removed = inside;
        }

        return new KeyChangeInfo(index, "sha256:" + current.KeyId, "sha256:" + next.KeyId, checkpoint.TreeSize, removed);
    }

    private bool IsOutside(string path)
    {
        var root = Path.GetFullPath(layout.Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return !Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
