using System.Text;
using Archive.Core.Storage;

namespace Archive.Core.Provenance;

/// <summary>Shows the archive's signing key, makes new keys, and changes the key as a signed event in the log.</summary>
public sealed class KeyService
{
    private readonly ArchiveDatabase _database;
    private readonly EventLog _log;
    private readonly ArchiveLayout _layout;

    internal KeyService(ArchiveDatabase database, EventLog log, ArchiveLayout layout)
    {
        _database = database;
        _log = log;
        _layout = layout;
    }

    public KeyInfo Show()
    {
        var signer = _log.Signer;
        using var connection = _database.Open();
        using var history = KeyHistory.Read(connection, _log.Origin, signer);
        return new KeyInfo(
            "sha256:" + signer.KeyId,
            _layout.PublicKeyPath,
            _layout.PrivateKeyPath,
            IsOutside(_layout.PrivateKeyPath),
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
        var current = _log.Signer;
        if (!current.CanSign)
        {
            throw new ArchiveException(ArchiveErrorKind.NeedsAction,
                $"the current private key ({_layout.PrivateKeyPath}) is not readable: a key change must be signed by the key it retires; pass it with --key or {ArchiveLayout.KeyVariable}");
        }

        using var next = CheckpointSigner.LoadPrivateKey(newKeyPath);
        if (next.KeyId == current.KeyId)
        {
            throw new ArchiveException(ArchiveErrorKind.InvalidInput, $"{newKeyPath} is already the archive's key (sha256:{current.KeyId[..16]}…)");
        }

        using (var check = _database.Open())
        using (var history = KeyHistory.Read(check, _log.Origin, current))
        {
            if (history.Problems.Count > 0)
            {
                throw new ArchiveException(ArchiveErrorKind.NeedsAction, $"the key history does not follow ({history.Problems[0].Message}): run `archive verify`");
            }
        }

        long index;
        Checkpoint checkpoint;
        using (var connection = _database.Open())
        using (var transaction = ArchiveDatabase.BeginWrite(connection))
        {
            var appender = _log.BeginAppend(connection, transaction);
            index = appender.Size;
            var statement = KeyChange.StatementFor(_log.Origin, index, current.KeyId, next.KeyId);
            var bytes = Encoding.UTF8.GetBytes(statement);
            var change = new KeyChange(index, current.KeyId, current.PublicKeyPem, next.KeyId, next.PublicKeyPem, statement, current.Sign(bytes), next.Sign(bytes));
            appender.Append(new NewEvent(EventType.KeyChanged, null, agent, "ok", change.ToData()));
            checkpoint = appender.Seal(next) ?? throw new InvalidOperationException("the new key did not sign a checkpoint");
            transaction.Commit();
        }

        var temporary = _layout.PublicKeyPath + ".new";
        File.WriteAllText(temporary, next.PublicKeyPem + "\n");
        File.Move(temporary, _layout.PublicKeyPath, overwrite: true);

        string? removed = null;
        var inside = _layout.DefaultPrivateKeyPath;
        if (File.Exists(inside) && !SamePath(inside, newKeyPath))
        {
            File.Delete(inside);
            removed = inside;
        }

        return new KeyChangeInfo(index, "sha256:" + current.KeyId, "sha256:" + next.KeyId, checkpoint.TreeSize, removed);
    }

    private bool IsOutside(string path)
    {
        var root = Path.GetFullPath(_layout.Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return !Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
